import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type Answering, writeHead } from '../http/respond.js';
import type { AnswerSink } from './relay.js';

/** The body straight into the client's answer, with its backpressure. */
export class ResponseSink implements AnswerSink {
  constructor(private readonly res: ServerResponse) {}

  write(chunk: Buffer): boolean {
    return this.res.write(chunk);
  }

  onDrain(resume: () => void): void {
    this.res.once('drain', resume);
  }

  end(): void {
    this.res.end();
  }

  abandon(): void {
    // The forwarder destroys a half-sent answer; nothing to undo here.
  }
}

/** A body nobody reads: the gateway already answered (an upstream HTML error page). */
export const discardSink: AnswerSink = {
  write: () => true,
  onDrain: (resume) => resume(),
  end: () => undefined,
  abandon: () => undefined,
};

/**
 * The client's answer held back until `ready` settles (the user's cache invalidated after a
 * write): then head and body go out in order. The upstream is paused meanwhile, so at most one
 * chunk waits here.
 */
export class HeldAnswer implements AnswerSink {
  readonly #res: ServerResponse;
  #open = false;
  #abandoned = false;
  readonly #waiting: Buffer[] = [];
  #ended = false;
  readonly #opened: Promise<void>;

  constructor(ready: Promise<unknown>, to: Answering, status: number, headers: OutgoingHttpHeaders) {
    const res = to.res;
    this.#res = res;
    this.#opened = ready
      .catch(() => undefined)
      .then(() => {
        if (this.#abandoned || res.headersSent || res.destroyed) return;
        this.#open = true;
        writeHead(to, status, headers);
        for (const chunk of this.#waiting) res.write(chunk);
        this.#waiting.length = 0;
        if (this.#ended) res.end();
      });
  }

  write(chunk: Buffer): boolean {
    if (this.#open) return this.#res.write(chunk);
    this.#waiting.push(chunk);
    return false;
  }

  onDrain(resume: () => void): void {
    if (this.#open) this.#res.once('drain', resume);
    else this.#opened.then(resume);
  }

  end(): void {
    if (this.#open) this.#res.end();
    else this.#ended = true;
  }

  abandon(): void {
    this.#abandoned = true;
  }
}
