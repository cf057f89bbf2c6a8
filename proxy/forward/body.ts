import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { BodyTooLargeError } from './upstream.js';

/** Whether the client sent a body at all; GET and HEAD bodies are never forwarded. */
export function hasRequestBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  if (req.httpVersionMajor !== 2) return req.headers['transfer-encoding'] !== undefined;
  // HTTP/2 has no chunked framing: a body follows unless the HEADERS frame ended the stream.
  return !(req as unknown as Http2ServerRequest).stream.endAfterHeaders;
}

/** Streams the request body, failing once more than `limit` bytes arrived (chunked bodies have no length up front). */
export async function* limitedBody(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of req) {
    received += (chunk as Buffer).length;
    if (received > limit) throw new BodyTooLargeError(limit);
    yield chunk as Buffer;
  }
}
