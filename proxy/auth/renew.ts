import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { UpstreamService } from '../forward/upstream.js';
import { setCookieValue } from '../http/cookies.js';
import { askAuthMe } from './auth-me.js';
import { type Answer, SharedAnswers } from './shared-answers.js';
import { compactJws, maxTokenLength, userIdPattern } from './verify.js';

export type Renewal =
  | { kind: 'renewed'; userId: string; accessToken: string; setCookies: string[] }
  | { kind: 'rejected'; setCookies: string[] }
  | { kind: 'unavailable' };

/** Requests racing in right behind a renewal reuse it instead of asking Auth again. */
const reuseMs = 5_000;

const implausible: Renewal = { kind: 'rejected', setCookies: [] };

/**
 * Whether a refresh cookie could be a live refresh token (CONTRACT §2.3). Only Auth knows if it
 * is revoked, and it may sign with a key we lack, so no signature check — but garbage, an
 * expired or an access token never cost a call to Auth.
 */
function plausibleRefreshToken(token: string): boolean {
  if (token.length > maxTokenLength || !compactJws.test(token)) return false;
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256') return false;
    const { exp, sub, type, jti } = decodeJwt(token);
    return (
      typeof exp === 'number' &&
      exp > Date.now() / 1000 &&
      type === 'refresh' &&
      typeof jti === 'string' &&
      typeof sub === 'string' &&
      userIdPattern.test(sub)
    );
  } catch {
    return false;
  }
}

/**
 * Turns a refresh cookie into a fresh access cookie by asking Auth `/me`, which re-issues the
 * access cookie without rotating the refresh token (CONTRACT §2.5). One call per session at a
 * time, however many requests arrive together.
 */
export class SessionRenewer {
  readonly #answers = new SharedAnswers<Renewal>(10_000);

  constructor(
    private readonly auth: UpstreamService,
    private readonly accessCookieName: string,
    private readonly refreshCookieName: string,
  ) {}

  renew(refreshToken: string, requestId: string): Promise<Renewal> {
    if (!plausibleRefreshToken(refreshToken)) return Promise.resolve(implausible);
    return this.#answers.get(refreshToken, () => this.#ask(refreshToken, requestId));
  }

  async #ask(refreshToken: string, requestId: string): Promise<Answer<Renewal>> {
    const answer = await askAuthMe(this.auth, `${this.refreshCookieName}=${refreshToken}`, requestId);
    if (answer.kind === 'unavailable') return { value: answer };
    const accessToken = setCookieValue(answer.setCookies, this.accessCookieName);
    const renewal: Renewal =
      answer.kind === 'authenticated' && accessToken
        ? { kind: 'renewed', userId: answer.userId, accessToken, setCookies: answer.setCookies }
        : { kind: 'rejected', setCookies: answer.setCookies };
    return { value: renewal, reuseUntil: Date.now() + reuseMs };
  }
}
