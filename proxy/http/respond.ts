import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ErrorCode, errorBody, errorCatalogue } from '../../shared/errors/catalogue.js';

/**
 * Where an answer goes: the response, and the headers the pipeline's stages chose for it
 * (request id, rate limit, CORS, privacy). The stages collect them in a plain object that goes to
 * `writeHead` in one piece: node keeps headers set one at a time with `setHeader` in a store of
 * its own and then re-sets every header of the head through it, which costs about twice as much.
 */
export interface Answering {
  readonly res: ServerResponse;
  readonly headers: OutgoingHttpHeaders;
}

/**
 * Writes the head: the stages' headers, then the answer's own, which win over them — except
 * `Vary`, whose lists add up: an upstream's `Vary: Cookie` must not drop the `Origin` CORS added.
 */
export function writeHead(to: Answering, status: number, headers: OutgoingHttpHeaders): void {
  const stagedVary = to.headers.vary;
  const merged = Object.assign(to.headers, headers);
  if (stagedVary !== undefined && headers.vary !== undefined && headers.vary !== stagedVary)
    merged.vary = `${stagedVary}, ${headers.vary}`;
  to.res.writeHead(status, merged);
}

export function sendJson(to: Answering, status: number, body: unknown, headers?: OutgoingHttpHeaders): void {
  if (to.res.headersSent) {
    to.res.destroy();
    return;
  }
  const payload = JSON.stringify(body);
  writeHead(to, status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  to.res.end(payload);
}

/** A catalogued gateway error; the request id lets a user's report be found in the logs. */
export function sendError(
  to: Answering,
  code: ErrorCode,
  extra?: Record<string, unknown>,
  headers?: OutgoingHttpHeaders,
  message?: string,
): void {
  sendJson(to, errorCatalogue[code].status, errorBody(code, extra, message), headers);
}
