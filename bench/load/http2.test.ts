import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHttp2 } from './http2.js';

const server = createServer((_req, res) => res.end('ok'));
let url: string;
let answered = 0;

beforeAll(async () => {
  server.on('stream', () => {
    answered += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runHttp2', () => {
  it('sends exactly the requests asked for, across its sessions, when given a count', async () => {
    answered = 0;
    const result = await runHttp2(
      { url, method: 'GET', headers: {} },
      { seconds: 0, connections: 32, requests: 45 },
    );
    expect(result).toMatchObject({ responses: 45, failures: 0 });
    expect(answered).toBe(45);
  });
});
