import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { errors, Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientGone } from './client-gone.js';

const servers: Server[] = [];

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('ClientGone', () => {
  it('aborts the upstream call when the client hangs up before the answer', async () => {
    let upstreamSawClose!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => {
      upstreamSawClose = resolve;
    });
    // An upstream that never answers, and notices when its caller gives up.
    const upstreamPort = await listening(createServer((req) => req.once('close', () => upstreamSawClose())));
    const pool = new Pool(`http://127.0.0.1:${upstreamPort}`);
    let outcome!: Promise<unknown>;
    const frontPort = await listening(
      createServer((_req, res) => {
        outcome = pool
          .stream({ method: 'GET', path: '/', signal: new ClientGone(res) }, () => new Writable())
          .then(
            () => 'answered',
            (error: unknown) => error,
          );
      }),
    );
    const client = request({ host: '127.0.0.1', port: frontPort, path: '/' });
    client.on('error', () => undefined);
    client.end();
    setTimeout(() => client.destroy(), 50);

    await upstreamClosed;
    expect(await outcome).toBeInstanceOf(errors.RequestAbortedError);
    await pool.close();
  });

  it('stays quiet when the answer was sent in full', async () => {
    let gone!: ClientGone;
    const port = await listening(
      createServer((_req, res) => {
        gone = new ClientGone(res);
        res.end('done');
      }),
    );
    await fetch(`http://127.0.0.1:${port}/`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gone.aborted).toBe(false);
  });
});
