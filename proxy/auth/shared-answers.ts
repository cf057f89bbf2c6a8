import { createHash } from 'node:crypto';
import { ExpiringMap } from './bounded-map.js';

/** An answer from Auth, and until when (epoch ms) it may be reused; no date means not at all. */
export interface Answer<T> {
  value: T;
  reuseUntil?: number;
}

/**
 * Answers from Auth about one secret (a token or a refresh cookie), keyed by its hash so no
 * secret is kept as a map key: remembered for as long as each answer allows, and asked once
 * however many requests with the same secret arrive together — a burst cannot amplify into a
 * burst against Auth.
 */
export class SharedAnswers<T> {
  readonly #remembered: ExpiringMap<string, T>;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(capacity: number) {
    this.#remembered = new ExpiringMap(capacity);
  }

  get(secret: string, ask: () => Promise<Answer<T>>): Promise<T> {
    const key = createHash('sha256').update(secret).digest('base64url');
    const known = this.#remembered.get(key);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = ask()
        .then(({ value, reuseUntil }) => {
          if (reuseUntil !== undefined) this.#remembered.set(key, value, reuseUntil);
          return value;
        })
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }
}
