import type { Router, SandboxRequest, SandboxResponse } from '../http/router.js';
import { type AuthContext, fail, rateLimited, withCookies } from './context.js';
import { identify } from './identify.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { rotateSession, startSession } from './sessions.js';
import { isActive } from './store.js';
import { field, normalizeEmail, normalizePassword, passwordProblem } from './validation.js';

const VERIFICATION_TTL_SECONDS = 3600;
const REGISTERED_MESSAGE = 'Registration successful. Please check your email to verify your account.';

function credentials(req: SandboxRequest): { email: string; password: string } {
  return {
    email: normalizeEmail(field(req.body, 'email')),
    password: normalizePassword(field(req.body, 'password')),
  };
}

async function login(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const limited = rateLimited(ctx, req, 'login');
  if (limited) return limited;
  const { email, password } = credentials(req);
  if (!email || !password) return fail(400, 'Email and password are required.');
  const user = ctx.store.userByEmail(email);
  // Hash even for unknown users so response time does not reveal which emails exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? ctx.dummyPasswordHash);
  if (!user || !valid) return fail(401, 'Invalid email or password.');
  if (!user.active) return fail(403, 'Your account is inactive.');
  if (ctx.options.production && !user.emailVerified) {
    const error = 'Please verify your email address before logging in.';
    return fail(403, error, { email_verified: false, user_id: user.id });
  }
  const issued = await startSession(ctx, user, req);
  return withCookies(
    { status: 200, body: { success: true, user: { email: user.email } } },
    issued.setCookies,
  );
}

async function register(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const { email, password } = credentials(req);
  if (!email || !password) return fail(400, 'Email and password are required.');
  const problem = passwordProblem(password);
  if (problem) return fail(400, problem);
  const passwordHash = await hashPassword(password);
  // Checked after the await so two concurrent registrations cannot both create the email.
  if (ctx.store.userByEmail(email)) return fail(409, 'Email already registered.');
  const user = ctx.store.addUser(email, passwordHash, false);
  const verification = ctx.store.createOneTimeToken(
    ctx.store.verificationTokens,
    user.id,
    VERIFICATION_TTL_SECONDS,
  );
  const issued = await startSession(ctx, user, req);
  // S15: the real Auth always leaks the token; the sandbox does so only in test mode.
  const exposed = ctx.options.exposeTokens ? { verification_token: verification.token } : {};
  const body = {
    success: true,
    user: { email },
    ...exposed,
    email_verified: false,
    message: REGISTERED_MESSAGE,
  };
  // The real Auth answers register with text/html (CONTRACT §2.5); the gateway must cope with that.
  const headers = { 'content-type': 'text/html; charset=utf-8' };
  return withCookies({ status: 200, body, headers }, issued.setCookies);
}

async function logout(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const claims = await ctx.tokens.verifyRefresh(req.cookies[ctx.options.refreshCookieName] ?? '');
  const session = claims && ctx.store.sessionByJti(claims.jti);
  if (session && session.userId === claims.userId && session.revokedAt === null)
    session.revokedAt = new Date();
  return withCookies({ status: 200, body: { success: true } }, ctx.cookies.logoutClearing());
}

async function refresh(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const token = req.cookies[ctx.options.refreshCookieName];
  if (!token) return fail(401, 'Refresh token not found.');
  const claims = await ctx.tokens.verifyRefresh(token);
  if (!claims) return fail(401, 'Invalid refresh token.');
  const session = ctx.store.sessionByJti(claims.jti);
  if (!session || session.userId !== claims.userId || !isActive(session, new Date())) {
    return fail(401, 'Invalid or expired refresh token.');
  }
  const user = ctx.store.userById(claims.userId);
  if (!user?.active) return fail(401, 'User not found or inactive.');
  const issued = await rotateSession(ctx, user, session);
  return withCookies(
    { status: 200, body: { success: true, access_token: issued.accessToken } },
    issued.setCookies,
  );
}

/** Never rejects: anonymous callers get 200 with `authenticated:false` and clearing cookies. */
async function me(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const identity = await identify(ctx, req);
  if (!identity) {
    return withCookies(
      { status: 200, body: { authenticated: false, user: null } },
      ctx.cookies.identifyClearing(),
    );
  }
  const user = { id: identity.user.id, email: identity.user.email };
  return withCookies({ status: 200, body: { authenticated: true, user } }, identity.setCookies);
}

export function addLoginRoutes(router: Router, ctx: AuthContext): void {
  router
    .on('POST', '/api/login', (req) => login(ctx, req))
    .on('POST', '/api/register', (req) => register(ctx, req))
    .on('POST', '/api/logout', (req) => logout(ctx, req))
    .on('POST', '/api/refresh', (req) => refresh(ctx, req))
    .on('GET', '/api/me', (req) => me(ctx, req));
}
