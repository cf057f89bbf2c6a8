import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import { announceReady } from './payload.js';

/**
 * The platform floor: node:http in front of undici's `dispatch`, the same two components and the
 * same call the gateway makes, and nothing else: no authentication, rate limit, metrics, log line
 * or header policy. `/bff/app/*` → `UPSTREAM_URL/api/*`. What a gateway row costs above this row
 * is the gateway's own work; what this row costs above the bare server is node's and undici's.
 */
const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is required');
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
const prefix = '/bff/app';

/** The stub's hop-by-hop headers, which a proxy must not pass on. */
const hopByHop = new Set(['connection', 'keep-alive']);

/** Writes the upstream answer through as it arrives, its end-to-end headers as undici parsed them. */
class Passthrough implements Dispatcher.DispatchHandler {
  constructor(private readonly res: ServerResponse) {}

  /** Its presence is what tells undici this handler speaks the controller interface. */
  onRequestStart() {}

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders) {
    if (status < 200) return;
    const endToEnd: IncomingHttpHeaders = {};
    for (const name in headers) if (!hopByHop.has(name)) endToEnd[name] = headers[name];
    this.res.writeHead(status, endToEnd);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer) {
    this.res.write(chunk);
  }

  onResponseEnd() {
    this.res.end();
  }

  onResponseError() {
    if (this.res.headersSent) this.res.destroy();
    else this.res.writeHead(502).end();
  }
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  const url = req.url ?? '/';
  if (!url.startsWith(`${prefix}/`)) {
    res.writeHead(404).end();
    return;
  }
  pool.dispatch(
    { method: 'GET', path: `/api${url.slice(prefix.length)}`, headers: { accept: 'application/json' } },
    new Passthrough(res),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announceReady(typeof address === 'object' && address ? address.port : 0);
});
