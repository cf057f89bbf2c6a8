import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnswerSink, Relay } from './relay.js';

let server: Server | undefined;
let pool: Pool | undefined;

afterEach(async () => {
  await pool?.destroy();
  server?.closeAllConnections();
  server?.close();
  server = undefined;
  pool = undefined;
});

async function upstream(listener: RequestListener): Promise<Pool> {
  server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  return pool;
}

/** A sink that keeps what it is given; `refuseFirst` makes the first write ask for a pause. */
function collecting(refuseFirst = false) {
  const chunks: Buffer[] = [];
  let drain: (() => void) | undefined;
  const state = { ended: false, abandoned: false, paused: 0 };
  const sink: AnswerSink = {
    write: (chunk) => {
      chunks.push(chunk);
      if (!refuseFirst || state.paused > 0) return true;
      state.paused += 1;
      return false;
    },
    onDrain: (resume) => {
      drain = resume;
    },
    end: () => {
      state.ended = true;
    },
    abandon: () => {
      state.abandoned = true;
    },
  };
  return { sink, chunks, state, drain: () => drain?.() };
}

describe('Relay', () => {
  it('hands the head to onHead, streams the body into its sink and settles with the status', async () => {
    const pool = await upstream((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-from': 'upstream' });
      res.end('{"ok":true}');
    });
    const { sink, chunks, state } = collecting();
    const heads: [number, IncomingHttpHeaders][] = [];
    const relay = new Relay({
      onHead: (status, headers) => {
        heads.push([status, headers]);
        return sink;
      },
    });
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    expect(await relay.done).toBe(201);
    expect(heads).toHaveLength(1);
    expect(heads[0][1]['x-from']).toBe('upstream');
    expect(Buffer.concat(chunks).toString()).toBe('{"ok":true}');
    expect(state.ended).toBe(true);
  });

  it('skips an interim 103 answer: only the final head reaches onHead', async () => {
    const pool = await upstream((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' }, () => {
        res.writeHead(200);
        res.end('done');
      });
    });
    const statuses: number[] = [];
    const relay = new Relay({
      onHead: (status) => {
        statuses.push(status);
        return collecting().sink;
      },
    });
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    expect(await relay.done).toBe(200);
    expect(statuses).toEqual([200]);
  });

  it('pauses the upstream while the sink is full and delivers every byte once it drains', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 'x');
    const pool = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    });
    const collector = collecting(true);
    const relay = new Relay({ onHead: () => collector.sink });
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Paused after the first chunk: the rest of 4 MiB has not been read yet.
    expect(collector.state.ended).toBe(false);
    expect(Buffer.concat(collector.chunks).length).toBeLessThan(body.length);
    collector.drain();
    expect(await relay.done).toBe(200);
    expect(Buffer.concat(collector.chunks).length).toBe(body.length);
  });

  it('stops a call whose client has gone: the upstream sees the request abandoned', async () => {
    let upstreamClosed!: Promise<unknown>;
    const pool = await upstream((req) => {
      upstreamClosed = once(req.socket, 'close');
    });
    const { sink } = collecting();
    const relay = new Relay({ onHead: () => sink });
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    await new Promise((resolve) => setTimeout(resolve, 50));
    relay.stop();
    await expect(relay.done).rejects.toBeInstanceOf(errors.RequestAbortedError);
    await upstreamClosed;
  });

  it('a call stopped before it was sent never reaches the upstream', async () => {
    let seen = 0;
    const pool = await upstream((_req, res) => {
      seen += 1;
      res.end();
    });
    const relay = new Relay({ onHead: () => collecting().sink });
    relay.stop();
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    await expect(relay.done).rejects.toBeInstanceOf(errors.RequestAbortedError);
    expect(seen).toBe(0);
  });

  it('abandons the sink and rejects when the upstream dies mid-body', async () => {
    const pool = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const collector = collecting();
    const relay = new Relay({ onHead: () => collector.sink });
    pool.dispatch({ method: 'GET', path: '/' }, relay);
    await expect(relay.done).rejects.toThrow();
    expect(collector.state.abandoned).toBe(true);
    expect(collector.state.ended).toBe(false);
  });
});
