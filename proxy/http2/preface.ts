import type { Server as Http1Server } from 'node:http';
import type { Http2Server } from 'node:http2';
import type { Socket } from 'node:net';

/** What every h2c client with prior knowledge sends first (RFC 9113 §3.4). */
const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * Makes one cleartext port speak HTTP/1.1 and h2c: each new connection's first bytes decide
 * which server gets it. The HTTP/1.1 server keeps listening, so its timeouts, limits and
 * connection tracking (used by the graceful drain) stay exactly as without HTTP/2.
 */
export function acceptH2cBeside(http1: Http1Server, h2c: Http2Server, firstBytesTimeoutMs: number): void {
  const [serveHttp1] = http1.listeners('connection');
  http1.removeListener('connection', serveHttp1 as (socket: Socket) => void);
  http1.on('connection', (socket: Socket) =>
    sniff(socket, firstBytesTimeoutMs, (isH2c) => {
      if (isH2c) {
        // The session reads the bytes already taken off the socket on its first tick.
        h2c.emit('connection', socket);
        return;
      }
      serveHttp1.call(http1, socket);
      socket.resume();
    }),
  );
}

function sniff(socket: Socket, timeoutMs: number, decide: (isH2c: boolean) => void): void {
  let seen: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  // A peer that resets before its first bytes is no error of ours; the socket just goes away.
  const ignoreError = () => undefined;
  const clear = () => clearTimeout(timer);
  const onData = (chunk: Buffer) => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, preface.length);
    const matches = seen.subarray(0, compared).equals(preface.subarray(0, compared));
    if (matches && compared < preface.length) return;
    socket.removeListener('data', onData);
    socket.removeListener('error', ignoreError);
    socket.removeListener('close', clear);
    clear();
    socket.pause();
    socket.unshift(seen);
    decide(matches);
  };
  socket.on('error', ignoreError);
  socket.once('close', clear);
  socket.on('data', onData);
}
