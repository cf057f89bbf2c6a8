import { randomUUID } from 'node:crypto';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { SandboxOptions } from '../options.js';

/** What a verified refresh JWT tells us; the row it names is checked separately in the store. */
export interface RefreshClaims {
  userId: number;
  jti: string;
}

/** Auth converts `sub` with int(); a non-integer subject makes the token invalid. */
function subjectId(payload: JWTPayload): number | null {
  const sub = payload.sub;
  return typeof sub === 'string' && /^\d+$/.test(sub) ? Number(sub) : null;
}

/** HS256 without `kid`, claims as in CONTRACT §2.3, so the gateway and Core accept them unchanged. */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #options: SandboxOptions;

  constructor(options: SandboxOptions) {
    this.#key = new TextEncoder().encode(options.secret);
    this.#options = options;
  }

  signAccess(userId: number, email: string, iat = nowSeconds()): Promise<string> {
    return new SignJWT({
      sub: String(userId),
      email,
      type: 'access',
      iat,
      exp: iat + this.#options.accessTtlSeconds,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(this.#key);
  }

  signRefresh(userId: number, jti = randomUUID(), iat = nowSeconds()): Promise<string> {
    return new SignJWT({
      sub: String(userId),
      type: 'refresh',
      jti,
      iat,
      exp: iat + this.#options.refreshTtlSeconds,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(this.#key);
  }

  /** The user id of a valid access token; Auth tolerates a missing `type`, so do we. */
  async verifyAccess(token: string): Promise<number | null> {
    const payload = await this.#verify(token, ['exp', 'sub']);
    if (!payload || (payload.type !== undefined && payload.type !== 'access')) return null;
    return subjectId(payload);
  }

  async verifyRefresh(token: string): Promise<RefreshClaims | null> {
    const payload = await this.#verify(token, ['exp', 'sub', 'jti', 'type']);
    if (payload?.type !== 'refresh' || typeof payload.jti !== 'string') return null;
    const userId = subjectId(payload);
    return userId === null ? null : { userId, jti: payload.jti };
  }

  async #verify(token: string, requiredClaims: string[]): Promise<JWTPayload | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], requiredClaims });
      return payload;
    } catch {
      return null;
    }
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
