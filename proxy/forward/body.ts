import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { type Dispatcher, errors } from 'undici';
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

/**
 * Streams the request body, failing once more than `limit` bytes arrived (chunked bodies have no
 * length up front). A client that breaks off its body aborted the request: that is the error the
 * call fails with, so it counts as the client's doing, not against the upstream.
 */
export async function* limitedBody(req: AsyncIterable<unknown>, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  const chunks = req[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await chunks.next();
    } catch {
      throw new errors.RequestAbortedError();
    }
    if (next.done) return;
    const chunk = next.value as Buffer;
    received += chunk.length;
    if (received > limit) throw new BodyTooLargeError(limit);
    yield chunk;
  }
}

/**
 * An async iterable as a dispatch body. undici documents (async) iterables among the bodies it
 * takes (docs/api/Dispatcher.md, `body`) and writes them chunk by chunk, but its TypeScript
 * types list only strings, buffers, streams and forms.
 */
export function asDispatchBody(body: AsyncIterable<Buffer>): Dispatcher.DispatchOptions['body'] {
  return body as unknown as Dispatcher.DispatchOptions['body'];
}
