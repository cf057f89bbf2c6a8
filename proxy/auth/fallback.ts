import { createHash } from 'node:crypto';
import type { UpstreamService } from '../forward/upstream.js';
import { askAuthMe } from './auth-me.js';
import { ExpiringMap } from './bounded-map.js';
import type { VerifiedToken } from './verify.js';

export type FallbackVerdict =
  | { kind: 'valid'; token: VerifiedToken }
  | { kind: 'rejected' }
  | { kind: 'unavailable' };

const positiveTtlMs = 60_000;
const negativeTtlMs = 10_000;

/**
 * For tokens signed with a key the gateway does not hold (Auth rotated first): Auth decides,
 * once per token per minute. Concurrent requests with the same token share one call, so a
 * burst cannot amplify into a burst against Auth.
 */
export class AuthFallback {
  readonly #answers = new ExpiringMap<string, FallbackVerdict>(10_000);
  readonly #inFlight = new Map<string, Promise<FallbackVerdict>>();

  constructor(
    private readonly auth: UpstreamService,
    private readonly accessCookieName: string,
  ) {}

  verify(token: string, claims: VerifiedToken, requestId: string): Promise<FallbackVerdict> {
    const key = createHash('sha256').update(token).digest('base64url');
    const known = this.#answers.get(key);
    if (known) return Promise.resolve(known);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#ask(key, token, claims, requestId).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #ask(key: string, token: string, claims: VerifiedToken, requestId: string): Promise<FallbackVerdict> {
    const answer = await askAuthMe(this.auth, `${this.accessCookieName}=${token}`, requestId);
    if (answer.kind === 'unavailable') return answer;
    if (answer.kind === 'authenticated' && answer.userId === claims.userId) {
      const verdict: FallbackVerdict = { kind: 'valid', token: claims };
      this.#answers.set(key, verdict, Math.min(Date.now() + positiveTtlMs, claims.expiresAt * 1000));
      return verdict;
    }
    const verdict: FallbackVerdict = { kind: 'rejected' };
    this.#answers.set(key, verdict, Date.now() + negativeTtlMs);
    return verdict;
  }
}
