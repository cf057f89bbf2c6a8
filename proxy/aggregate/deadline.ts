/**
 * One abort signal for work that must end when its caller's signal aborts or after `ms`,
 * whichever comes first: `AbortSignal.any` over `AbortSignal.timeout`, as one controller, one
 * timer and one listener, which `release` takes back once the work is done. A time-out aborts with
 * the reason `AbortSignal.timeout` gives (a `TimeoutError`), so it still counts against an
 * upstream where a caller who left does not.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #onAbort = () => this.#controller.abort(this.caller.reason);

  constructor(
    private readonly caller: AbortSignal,
    ms: number,
  ) {
    if (caller.aborted) this.#onAbort();
    else caller.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setTimeout(() => this.#controller.abort(timedOut()), ms).unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): void {
    clearTimeout(this.#timer);
    this.caller.removeEventListener('abort', this.#onAbort);
  }
}

function timedOut(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
