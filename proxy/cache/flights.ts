interface Flight<T> {
  readonly result: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Coalesces concurrent work on the same key: the first caller starts it, later callers wait for
 * the same result. The work is aborted only when every caller waiting for it has gone away, so
 * one client disconnecting never fails another's request.
 */
export class Flights<T> {
  readonly #inFlight = new Map<string, Flight<T>>();

  join(key: string, signal: AbortSignal, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    let flight = this.#inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const result = start(controller.signal).finally(() => {
        if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
      });
      flight = { result, controller, waiters: 0 };
      this.#inFlight.set(key, flight);
    }
    return this.#wait(key, flight, signal);
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
