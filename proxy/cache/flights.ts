interface Flight<T> {
  readonly version: number | undefined;
  readonly result: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Coalesces concurrent work on the same key: the first caller starts it, later callers wait for
 * the same result. The work is aborted only when every caller waiting for it has gone away, so
 * one client disconnecting never fails another's request.
 *
 * A `version` (the user's cache generation) keeps work apart across a change: a caller who knows
 * another version than the running work starts afresh. When either side's version is unknown
 * (the store did not answer) there is nothing to tell them apart, and the caller joins.
 */
export class Flights<T> {
  readonly #inFlight = new Map<string, Flight<T>>();

  join(
    key: string,
    version: number | undefined,
    signal: AbortSignal,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    let flight = this.#inFlight.get(key);
    const superseded = version !== undefined && flight?.version !== undefined && flight.version !== version;
    if (!flight || superseded) {
      const controller = new AbortController();
      const result = start(controller.signal).finally(() => {
        if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
      });
      flight = { version, result, controller, waiters: 0 };
      this.#inFlight.set(key, flight);
    }
    return this.#wait(key, flight, signal);
  }

  /**
   * New callers of the matching keys start afresh; work already running finishes for those
   * waiting on it. After a write, a read must not join a read that began before the write.
   */
  forget(matches: (key: string) => boolean): void {
    for (const key of this.#inFlight.keys()) if (matches(key)) this.#inFlight.delete(key);
  }

  get size(): number {
    return this.#inFlight.size;
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal): Promise<T> {
    flight.waiters++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        flight.waiters--;
        if (flight.waiters === 0) {
          flight.controller.abort(signal.reason);
          if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.result.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}
