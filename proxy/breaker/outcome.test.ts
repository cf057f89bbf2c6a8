import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOfError } from './outcome.js';

/** A real upstream that never answers, so every request ends through its abort signal. */
let silent: Server;
let pool: Pool;

beforeAll(async () => {
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  pool = new Pool(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await pool.destroy();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

async function errorOf(signal: AbortSignal): Promise<unknown> {
  return pool.request({ method: 'GET', path: '/', signal }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('outcomeOfError', () => {
  it('does not hold a client that went away against the upstream', async () => {
    const client = new AbortController();
    setTimeout(() => client.abort(), 20);
    expect(outcomeOfError(await errorOf(client.signal))).toBe('neutral');
  });

  it('does not hold a client that hung up in the middle of a streamed answer against the upstream', async () => {
    const halfway = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"tasks":[');
    });
    await new Promise<void>((resolve) => halfway.listen(0, '127.0.0.1', resolve));
    const streaming = new Pool(`http://127.0.0.1:${(halfway.address() as AddressInfo).port}`);
    const error = await streaming
      .stream({ method: 'GET', path: '/' }, () => {
        const client = new PassThrough();
        client.once('data', () => client.destroy());
        return client;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await streaming.destroy();
    halfway.closeAllConnections();
    await new Promise((resolve) => halfway.close(resolve));
    expect(outcomeOfError(error)).toBe('neutral');
  });

  it('counts a per-call timeout as an upstream failure', async () => {
    expect(outcomeOfError(await errorOf(AbortSignal.timeout(20)))).toBe('failure');
  });

  it('counts a refused connection as an upstream failure', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const closed = new Pool(`http://127.0.0.1:${port}`);
    const error = await closed.request({ method: 'GET', path: '/' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await closed.destroy();
    expect(outcomeOfError(error)).toBe('failure');
  });
});
