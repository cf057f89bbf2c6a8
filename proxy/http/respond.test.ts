import { createServer, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendError, writeHead } from './respond.js';

let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real server whose handler answers with the stages' headers already chosen. */
async function answerWith(answer: (to: { res: ServerResponse; headers: OutgoingHttpHeaders }) => void) {
  server = createServer((_req, res) => answer({ res, headers: { 'x-request-id': 'req-1', vary: 'Origin' } }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/`);
}

describe('writeHead', () => {
  it("sends the stages' headers with the answer's own, and the answer's own win", async () => {
    const response = await answerWith((to) => {
      writeHead(to, 201, { 'x-request-id': 'from-the-answer', 'content-length': 2 });
      to.res.end('ok');
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('from-the-answer');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(await response.text()).toBe('ok');
  });

  it("adds an answer's Vary to the stages' instead of replacing it", async () => {
    const response = await answerWith((to) => {
      writeHead(to, 200, { vary: 'Cookie', 'content-length': 0 });
      to.res.end();
    });
    expect(response.headers.get('vary')).toBe('Origin, Cookie');
  });
});

describe('sendError', () => {
  it("answers the catalogued JSON error carrying the stages' headers", async () => {
    const response = await answerWith((to) => sendError(to, 'not_found', { request_id: 'req-1' }));
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ error: 'not_found', request_id: 'req-1' });
  });
});
