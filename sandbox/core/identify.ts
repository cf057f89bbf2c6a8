import { jwtVerify } from 'jose';
import type { SandboxRequest } from '../http/router.js';
import type { SandboxOptions } from '../options.js';

export interface CoreUser {
  id: number;
  email: string;
}

/** The legacy cookie Core still reads after the access cookie (CONTRACT §7.2.1, step 3). */
const LEGACY_COOKIE = 'goalixa_auth';

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Verifies one candidate token. `exp` and `sub` are required and `sub` must be an integer, as
 * Core does `int(sub)`. The `type` check is applied to every source, including the legacy cookie,
 * so a refresh token can never stand in for an access token anywhere.
 */
async function verify(token: string, key: Uint8Array): Promise<CoreUser | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.type !== undefined && payload.type !== 'access') return null;
    const sub = String(payload.sub);
    if (!/^\d+$/.test(sub)) return null;
    const email = typeof payload.email === 'string' ? payload.email : '';
    return { id: Number.parseInt(sub, 10), email };
  } catch {
    return null;
  }
}

/**
 * Finds the user the way Core does: the access cookie, then the legacy cookie, then
 * `Authorization: Bearer`. Core's refresh-cookie step never succeeds against Auth's tokens and
 * `SKIP_AUTH` is a dev bypass, so neither is imitated.
 */
export async function identify(req: SandboxRequest, options: SandboxOptions): Promise<CoreUser | null> {
  const key = new TextEncoder().encode(options.secret);
  const candidates = [
    req.cookies[options.accessCookieName],
    req.cookies[LEGACY_COOKIE],
    bearerToken(req.headers.authorization),
  ];
  for (const token of candidates) {
    if (!token) continue;
    const user = await verify(token, key);
    if (user) return user;
  }
  return null;
}
