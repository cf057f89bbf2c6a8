import type { IncomingMessage } from 'node:http';
import type { UpstreamService } from '../forward/upstream.js';
import { readCookie } from '../http/cookies.js';
import type { Exchange } from '../pipeline/exchange.js';
import { extractToken } from './extract.js';
import { AuthFallback } from './fallback.js';
import { SessionRenewer } from './renew.js';
import { LocalVerifier, type VerifierSettings } from './verify.js';

export interface Identity {
  userId: string;
  /** The access token upstreams will see as the access cookie. */
  accessToken: string;
  via: 'local' | 'fallback' | 'renewed';
}

export type UnauthenticatedReason = 'token_missing' | 'token_expired' | 'token_invalid';

export type AuthOutcome =
  | { kind: 'authenticated'; identity: Identity; setCookies: string[] }
  | { kind: 'unauthenticated'; reason: UnauthenticatedReason; setCookies: string[] }
  | { kind: 'unavailable' };

/** Every way a decision can end, for the `bff_auth_outcomes_total` metric. */
export type AuthOutcomeLabel =
  | 'local_ok'
  | 'rejected_missing'
  | 'rejected_expired'
  | 'rejected_invalid'
  | 'fallback_ok'
  | 'fallback_rejected'
  | 'fallback_error'
  | 'renewed'
  | 'renew_rejected'
  | 'renew_error';

export interface AuthenticatorSettings extends VerifierSettings {
  accessCookieName: string;
  refreshCookieName: string;
  onOutcome?: (outcome: AuthOutcomeLabel) => void;
}

const noCookies: string[] = [];

/**
 * Decides who sent a request: local HS256 verification first; Auth `/me` only for a token signed
 * with a key we lack; a refresh cookie renews an expired or absent access cookie (§2, §9 S1, C8).
 */
export class Authenticator {
  readonly local: LocalVerifier;
  readonly #fallback: AuthFallback;
  readonly #renewer: SessionRenewer;
  readonly #settings: AuthenticatorSettings;

  constructor(auth: UpstreamService, settings: AuthenticatorSettings) {
    this.#settings = settings;
    this.local = new LocalVerifier(settings);
    this.#fallback = new AuthFallback(auth, settings.accessCookieName);
    this.#renewer = new SessionRenewer(auth, settings.accessCookieName, settings.refreshCookieName);
  }

  /**
   * The identity an already verified token in the request stands for, or undefined; never does
   * cryptography or I/O. Looked up once per exchange: the rate-limit stage asks first (to key by
   * user), the pipeline again (to skip `authenticate`).
   */
  presentedBy(ex: Exchange): Identity | undefined {
    if (ex.presented === undefined) ex.presented = this.#peek(ex.req) ?? null;
    return ex.presented ?? undefined;
  }

  /** `presentedBy`, counted as a local acceptance: most requests of a session end here. */
  known(ex: Exchange): Identity | undefined {
    const identity = this.presentedBy(ex);
    if (identity) this.#record('local_ok');
    return identity;
  }

  #peek(req: IncomingMessage): Identity | undefined {
    const source = extractToken(req, this.#settings.accessCookieName);
    if (source.kind !== 'token') return undefined;
    const verified = this.local.peek(source.token);
    return verified && { userId: verified.userId, accessToken: source.token, via: 'local' };
  }

  async authenticate(req: IncomingMessage, requestId: string): Promise<AuthOutcome> {
    const source = extractToken(req, this.#settings.accessCookieName);
    if (source.kind === 'rejected') return this.#reject('token_invalid');

    let reason: UnauthenticatedReason = 'token_missing';
    if (source.kind === 'token') {
      const verdict = await this.local.verify(source.token);
      if (verdict.kind === 'valid') return this.#accept(source.token, verdict.token.userId, 'local');
      if (verdict.kind === 'unknown_signature') {
        const fallback = await this.#fallback.verify(source.token, verdict.claims, requestId);
        if (fallback.kind === 'valid') return this.#accept(source.token, fallback.token.userId, 'fallback');
        this.#record(fallback.kind === 'unavailable' ? 'fallback_error' : 'fallback_rejected');
        if (fallback.kind === 'unavailable') return { kind: 'unavailable' };
        return { kind: 'unauthenticated', reason: 'token_invalid', setCookies: noCookies };
      }
      reason = verdict.kind === 'expired' ? 'token_expired' : 'token_invalid';
      // An explicit bearer token that fails is the caller's answer; only cookie sessions renew.
      if (source.from === 'bearer') return this.#reject(reason);
    }

    const refreshToken = readCookie(req.headers.cookie, this.#settings.refreshCookieName);
    if (!refreshToken) return this.#reject(reason);
    return this.#renew(refreshToken, requestId, reason);
  }

  async #renew(refreshToken: string, requestId: string, reason: UnauthenticatedReason): Promise<AuthOutcome> {
    const renewal = await this.#renewer.renew(refreshToken, requestId);
    if (renewal.kind === 'renewed') {
      this.#record('renewed');
      return {
        kind: 'authenticated',
        identity: { userId: renewal.userId, accessToken: renewal.accessToken, via: 'renewed' },
        setCookies: renewal.setCookies,
      };
    }
    if (renewal.kind === 'unavailable') {
      this.#record('renew_error');
      return { kind: 'unavailable' };
    }
    this.#record('renew_rejected');
    return { kind: 'unauthenticated', reason, setCookies: renewal.setCookies };
  }

  #accept(token: string, userId: string, via: 'local' | 'fallback'): AuthOutcome {
    this.#record(via === 'local' ? 'local_ok' : 'fallback_ok');
    return { kind: 'authenticated', identity: { userId, accessToken: token, via }, setCookies: noCookies };
  }

  #reject(reason: UnauthenticatedReason): AuthOutcome {
    this.#record(
      reason === 'token_missing'
        ? 'rejected_missing'
        : reason === 'token_expired'
          ? 'rejected_expired'
          : 'rejected_invalid',
    );
    return { kind: 'unauthenticated', reason, setCookies: noCookies };
  }

  #record(outcome: AuthOutcomeLabel): void {
    this.#settings.onOutcome?.(outcome);
  }
}
