import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

/**
 * The client's answer, held back until `ready` settles: head and body then stream into `res`
 * with its backpressure. If the client leaves meanwhile, the pipeline's abort signal stops the
 * upstream body and destroys this stream.
 */
export function answerAfter(
  ready: Promise<unknown>,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
): Writable {
  const opened = ready
    .catch(() => undefined)
    .then(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(status, headers);
    });
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      opened.then(() => {
        if (res.destroyed || res.write(chunk)) done();
        else res.once('drain', () => done());
      });
    },
    final(done) {
      opened.then(() => {
        res.end();
        done();
      });
    },
    destroy(error, done) {
      if (error) res.destroy();
      done(error);
    },
  });
}
