import type { SandboxRequest, SandboxResponse } from '../http/router.js';
import type { SandboxOptions } from '../options.js';
import { clientIp } from './client.js';
import type { CookieFactory } from './cookies.js';
import type { RateLimitAction, RateLimiter } from './rate-limit.js';
import type { AuthStore } from './store.js';
import type { TokenService } from './tokens.js';

/** Everything a route handler needs; one instance per router, so tests get isolated state. */
export interface AuthContext {
  options: SandboxOptions;
  store: AuthStore;
  tokens: TokenService;
  cookies: CookieFactory;
  limiter: RateLimiter;
  /** A hash to verify against when the user does not exist, so timing does not reveal it. */
  dummyPasswordHash: string;
}

export function withCookies(response: SandboxResponse, setCookies: string[]): SandboxResponse {
  if (setCookies.length === 0) return response;
  return { ...response, headers: { ...response.headers, 'set-cookie': setCookies } };
}

/** Auth's error shape `{"success":false,"error":...}`. */
export function fail(status: number, error: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return { status, body: { success: false, error, ...extra } };
}

/** The 429 answer, or null when the attempt is allowed. */
export function rateLimited(
  ctx: AuthContext,
  req: SandboxRequest,
  action: RateLimitAction,
  cost = 1,
): SandboxResponse | null {
  const wait = ctx.limiter.hit(clientIp(req), action, cost);
  return wait === null ? null : fail(429, `Too many attempts. Please try again in ${wait} seconds.`);
}
