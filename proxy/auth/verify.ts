import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { ExpiringMap } from './bounded-map.js';

export interface VerifiedToken {
  userId: string;
  /** `exp` in epoch seconds. */
  expiresAt: number;
}

export type LocalVerdict =
  | { kind: 'valid'; token: VerifiedToken }
  | { kind: 'expired' }
  | { kind: 'invalid'; why: string }
  /** Well-formed, unexpired HS256 access token signed with a key we do not hold: only Auth can decide. */
  | { kind: 'unknown_signature'; claims: VerifiedToken };

export interface VerifierSettings {
  secret: string;
  previousSecret?: string;
  clockToleranceS: number;
  /** Verified tokens kept in memory, so a repeat request costs a lookup, not an HMAC. */
  cacheEntries?: number;
}

export const compactJws = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/;
export const userIdPattern = /^[1-9][0-9]{0,15}$/;
export const maxTokenLength = 4096;
/** Auth issues 15-minute access tokens; a far-future `exp` is a forgery, not a long session. */
const maxLifetimeS = 24 * 3600;

/** A verified token, kept under the end of its signature with the whole token to compare against. */
interface KnownToken {
  token: string;
  verified: VerifiedToken;
}

/** Characters of a token's end that key the cache: all from its signature (43 for HS256). */
const keyLength = 32;

/**
 * The cache key of a token: the end of its signature. Hashing the whole token for the lookup was
 * the largest part of a known session's authentication (bench:instructions). Two tokens sharing
 * an end only cost each other a cache miss: a hit is checked against the whole token.
 */
const cacheKeyOf = (token: string) => (token.length > keyLength ? token.slice(-keyLength) : token);

/** Local HS256 verification (CONTRACT §2.3, §9 S11), the primary and usually only check. */
export class LocalVerifier {
  readonly #keys: Uint8Array[];
  readonly #tolerance: number;
  readonly #verified: ExpiringMap<string, KnownToken>;

  constructor(settings: VerifierSettings) {
    const encoder = new TextEncoder();
    this.#keys = [settings.secret, settings.previousSecret]
      .filter((s): s is string => typeof s === 'string')
      .map((s) => encoder.encode(s));
    this.#tolerance = settings.clockToleranceS;
    this.#verified = new ExpiringMap(settings.cacheEntries ?? 50_000);
  }

  /**
   * A previously verified token, without any cryptography; used by the rate limiter to key by user.
   * Entries already expire at `exp` + tolerance, so no further slack is applied here.
   */
  peek(token: string): VerifiedToken | undefined {
    const known = this.#verified.get(cacheKeyOf(token));
    // The whole token must match: a signature vouches for nothing but the header and payload it signed.
    return known?.token === token ? known.verified : undefined;
  }

  async verify(token: string): Promise<LocalVerdict> {
    const known = this.peek(token);
    if (known) return { kind: 'valid', token: known };

    const claims = checkClaims(token, this.#tolerance);
    if (claims.kind !== 'valid') return claims;

    for (const key of this.#keys) {
      try {
        await jwtVerify(token, key, {
          algorithms: ['HS256'],
          clockTolerance: this.#tolerance,
          requiredClaims: ['exp', 'sub'],
        });
        const known = { token, verified: claims.token };
        this.#verified.set(cacheKeyOf(token), known, (claims.token.expiresAt + this.#tolerance) * 1000);
        return claims;
      } catch (error) {
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) {
          return { kind: 'invalid', why: (error as Error).message };
        }
      }
    }
    return { kind: 'unknown_signature', claims: claims.token };
  }
}

/** Everything that can be decided without a key: shape, algorithm, and claims. */
function checkClaims(token: string, tolerance: number): LocalVerdict {
  if (token.length > maxTokenLength || !compactJws.test(token))
    return { kind: 'invalid', why: 'not a compact JWS' };
  let payload: JWTPayload;
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256')
      return { kind: 'invalid', why: 'algorithm is not HS256' };
    payload = decodeJwt(token);
  } catch {
    return { kind: 'invalid', why: 'undecodable header or payload' };
  }
  const now = Math.floor(Date.now() / 1000);
  const { exp, nbf, iat, sub } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return { kind: 'invalid', why: 'exp missing or not a number' };
  if (exp + tolerance < now) return { kind: 'expired' };
  if (exp > now + maxLifetimeS + tolerance) return { kind: 'invalid', why: 'exp too far in the future' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + tolerance))
    return { kind: 'invalid', why: 'not yet valid' };
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + tolerance))
    return { kind: 'invalid', why: 'issued in the future' };
  if (payload.type !== 'access') return { kind: 'invalid', why: 'not an access token' };
  if (typeof sub !== 'string' || !userIdPattern.test(sub))
    return { kind: 'invalid', why: 'sub is not a user id' };
  return { kind: 'valid', token: { userId: sub, expiresAt: exp } };
}
