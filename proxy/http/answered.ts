import type { ServerResponse } from 'node:http';

/** What node's HTTP/2 compatibility response adds: the stream it answers on. */
interface OnStream {
  stream?: { aborted: boolean };
}

/**
 * Whether the answer was written to its end, once the response has closed. `writableFinished`
 * says so for HTTP/1.1; node's HTTP/2 compatibility response reports it from its stream, which
 * ends its writable side as it is destroyed, so a stream the client cancelled mid-answer also
 * reads finished there. Its `aborted` flag is what tells a cancelled stream apart.
 */
export function answeredInFull(res: ServerResponse): boolean {
  return res.writableFinished && (res as ServerResponse & OnStream).stream?.aborted !== true;
}
