import { randomUUID } from 'node:crypto';
import { Router } from '../http/router.js';
import type { SandboxOptions } from '../options.js';
import type { AuthContext } from './context.js';
import { CookieFactory } from './cookies.js';
import { hashPassword } from './passwords.js';
import { RateLimiter } from './rate-limit.js';
import { addLoginRoutes } from './routes-login.js';
import { addRecoveryRoutes } from './routes-recovery.js';
import { addSessionRoutes } from './routes-sessions.js';
import { AuthStore } from './store.js';
import { TokenService } from './tokens.js';
import { normalizeEmail } from './validation.js';

export { AUTH_RATE_LIMITS, RateLimiter } from './rate-limit.js';

/** Auth's answer when no Google credentials are configured, the sandbox default. */
const googleUnconfigured = {
  status: 503,
  body: { success: false, error: 'Google OAuth is not configured.' },
};

/** A configured Auth's start: off to Google's consent page; the sandbox never sees the callback. */
function googleConsent() {
  const query = new URLSearchParams({
    client_id: 'goalixa-sandbox',
    response_type: 'code',
    scope: 'openid email profile',
    state: randomUUID(),
  });
  return { status: 302, headers: { location: `https://accounts.google.com/o/oauth2/v2/auth?${query}` } };
}

/**
 * The in-memory imitation of the Goalixa Auth service (CONTRACT §7.1). Every call builds a
 * fresh, isolated instance: its own users, sessions and rate-limit state.
 */
export async function createAuthRouter(options: SandboxOptions): Promise<Router> {
  const ctx: AuthContext = {
    options,
    store: new AuthStore(),
    tokens: new TokenService(options),
    cookies: new CookieFactory(options),
    // Gateway tests log many users in from 127.0.0.1, so they may switch the limiter off.
    limiter: new RateLimiter(process.env.SANDBOX_AUTH_RATE_LIMIT !== '0'),
    dummyPasswordHash: await hashPassword('sandbox-dummy-password'),
  };
  if (options.seedUser) {
    const email = normalizeEmail(options.seedUser.email) || options.seedUser.email;
    ctx.store.addUser(email, await hashPassword(options.seedUser.password), true);
  }

  const router = new Router()
    .on('GET', '/', () => ({ status: 200, body: { service: 'goalixa-auth', status: 'ok' } }))
    .on('GET', '/health', () => ({ status: 200, body: { status: 'ok' } }))
    .on('GET', '/api/oauth/google/start', () => (options.googleOAuth ? googleConsent() : googleUnconfigured));
  addLoginRoutes(router, ctx);
  addRecoveryRoutes(router, ctx);
  addSessionRoutes(router, ctx);
  return router;
}
