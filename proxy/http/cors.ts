import type { IncomingMessage } from 'node:http';
import { type Answering, writeHead } from './respond.js';

const allowMethods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const allowHeaders =
  'Content-Type, Authorization, X-Requested-With, Accept, Origin, X-Request-ID, Cache-Control';
const exposeHeaders =
  'X-Request-ID, X-Cache, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After';

/**
 * CORS for the configured origins, with credentials. Applied before anything can fail, so 401,
 * 429 and 5xx answers carry the headers too (CONTRACT §9 S12).
 */
export class Cors {
  readonly #origins: Set<string>;

  constructor(origins: readonly string[]) {
    this.#origins = new Set(origins);
  }

  /** Adds the CORS headers; returns true when the request was a preflight, now answered. */
  apply(req: IncomingMessage, to: Answering): boolean {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && this.#origins.has(origin);
    const { headers } = to;
    if (allowed) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
      headers.vary = 'Origin';
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) {
      if (allowed) headers['access-control-expose-headers'] = exposeHeaders;
      return false;
    }
    if (allowed) {
      headers['access-control-allow-methods'] = allowMethods;
      headers['access-control-allow-headers'] = allowHeaders;
      headers['access-control-max-age'] = '600';
    }
    writeHead(to, 204, { 'content-length': 0 });
    to.res.end();
    return true;
  }
}
