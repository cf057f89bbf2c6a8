import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, errors } from 'undici';

/** Where an upstream answer's body goes once its head is known. */
export interface AnswerSink {
  /** Takes a chunk; false asks the upstream to pause until `onDrain` calls back. */
  write(chunk: Buffer): boolean;
  onDrain(resume: () => void): void;
  end(): void;
  /** The upstream failed after the head: nothing more will come. */
  abandon(): void;
}

/** Given an answer's head, says where its body goes (and may already answer the client). */
export interface HeadHandler {
  onHead(status: number, headers: IncomingHttpHeaders): AnswerSink;
}

/**
 * One upstream call on undici's dispatch-handler interface. The answer's head goes to the head
 * handler's `onHead`, the body chunks to the sink it returns, with the sink's backpressure; `done`
 * settles with the status once the body is through, or with the error. Drives undici directly
 * rather than through `pool.stream()`, which costs a Writable factory, end-of-stream listeners and
 * an async-context wrapper per request — on the proxy's hottest path.
 */
export class Relay implements Dispatcher.DispatchHandler {
  readonly done: Promise<number>;
  #status = 0;
  #sink?: AnswerSink;
  #controller?: Dispatcher.DispatchController;
  #stopped = false;
  #settle!: (status: number) => void;
  #fail!: (error: Error) => void;

  constructor(private readonly head: HeadHandler) {
    this.done = new Promise<number>((resolve, reject) => {
      this.#settle = resolve;
      this.#fail = reject;
    });
  }

  /** Stops the call: the client this answer was for has gone. */
  stop(): void {
    this.#stopped = true;
    this.#controller?.abort(new errors.RequestAbortedError());
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#stopped) controller.abort(new errors.RequestAbortedError());
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
  ): void {
    // 1xx answers are interim: the final one follows on the same call.
    if (status < 200) return;
    this.#status = status;
    this.#sink = this.head.onHead(status, headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const sink = this.#sink;
    if (sink === undefined || sink.write(chunk)) return;
    controller.pause();
    sink.onDrain(() => controller.resume());
  }

  onResponseEnd(): void {
    this.#sink?.end();
    this.#settle(this.#status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#sink?.abandon();
    this.#fail(error);
  }
}
