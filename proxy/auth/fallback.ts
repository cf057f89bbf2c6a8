import type { UpstreamService } from '../forward/upstream.js';
import { askAuthMe } from './auth-me.js';
import { type Answer, SharedAnswers } from './shared-answers.js';
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
  readonly #answers = new SharedAnswers<FallbackVerdict>(10_000);

  constructor(
    private readonly auth: UpstreamService,
    private readonly accessCookieName: string,
  ) {}

  verify(token: string, claims: VerifiedToken, requestId: string): Promise<FallbackVerdict> {
    return this.#answers.get(token, () => this.#ask(token, claims, requestId));
  }

  async #ask(token: string, claims: VerifiedToken, requestId: string): Promise<Answer<FallbackVerdict>> {
    const answer = await askAuthMe(this.auth, `${this.accessCookieName}=${token}`, requestId);
    if (answer.kind === 'unavailable') return { value: answer };
    if (answer.kind === 'authenticated' && answer.userId === claims.userId) {
      return {
        value: { kind: 'valid', token: claims },
        reuseUntil: Math.min(Date.now() + positiveTtlMs, claims.expiresAt * 1000),
      };
    }
    return { value: { kind: 'rejected' }, reuseUntil: Date.now() + negativeTtlMs };
  }
}
