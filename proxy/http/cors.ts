import type { IncomingMessage, ServerResponse } from 'node:http';

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

  /** Sets the CORS headers; returns true when the request was a preflight, now answered. */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && this.#origins.has(origin);
    if (allowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin');
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) {
      if (allowed) res.setHeader('access-control-expose-headers', exposeHeaders);
      return false;
    }
    if (allowed) {
      res.setHeader('access-control-allow-methods', allowMethods);
      res.setHeader('access-control-allow-headers', allowHeaders);
      res.setHeader('access-control-max-age', '600');
    }
    res.writeHead(204, { 'content-length': 0 });
    res.end();
    return true;
  }
}
