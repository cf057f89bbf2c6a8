import type { Router, SandboxRequest, SandboxResponse } from '../http/router.js';
import { type AuthContext, fail, rateLimited } from './context.js';
import { hashPassword } from './passwords.js';
import { isUsable } from './store.js';
import { field, normalizeEmail, normalizePassword, passwordProblem } from './validation.js';

const RESET_TTL_SECONDS = 1800;
const VERIFICATION_TTL_SECONDS = 3600;
const MAX_TOKEN_LENGTH = 256;
const RESET_SENT = 'If an account exists with this email, a password reset link has been sent.';
const VERIFICATION_SENT = 'If an account exists with this email, a verification link has been sent.';

/** `/api/forgot` (cost 1) and `/api/password-reset/request` (cost 2, Auth's double count). */
function requestReset(ctx: AuthContext, req: SandboxRequest, cost: number): SandboxResponse {
  const limited = rateLimited(ctx, req, 'forgot', cost);
  if (limited) return limited;
  const email = normalizeEmail(field(req.body, 'email'));
  if (!email) return fail(400, 'Email is required.');
  const user = ctx.store.userByEmail(email);
  const body: Record<string, unknown> = { success: true, message: RESET_SENT };
  if (user) {
    const reset = ctx.store.createOneTimeToken(ctx.store.resetTokens, user.id, RESET_TTL_SECONDS);
    // Stands in for the emailed link; only in test mode (S15).
    if (ctx.options.exposeTokens) body.reset_token = reset.token;
  }
  return { status: 200, body };
}

async function confirmReset(ctx: AuthContext, req: SandboxRequest): Promise<SandboxResponse> {
  const limited = rateLimited(ctx, req, 'resetConfirm');
  if (limited) return limited;
  const token = field(req.body, 'token').trim();
  const password = normalizePassword(field(req.body, 'password'));
  if (!token || !password) return fail(400, 'Token and password are required.');
  const problem = passwordProblem(password);
  if (problem) return fail(400, problem);
  const reset = token.length <= MAX_TOKEN_LENGTH ? ctx.store.resetTokens.get(token) : undefined;
  const user = reset && isUsable(reset) ? ctx.store.userById(reset.userId) : undefined;
  if (!reset || !user) return fail(400, 'Reset link is invalid or expired.');
  // Spent before the await so the token cannot be used twice concurrently.
  reset.usedAt = new Date();
  user.passwordHash = await hashPassword(password);
  // Unlike the real Auth (S15): a reset must log out whoever knew the old password.
  ctx.store.revokeSessions(user.id);
  return { status: 200, body: { success: true, message: 'Password has been reset.' } };
}

function verifyEmail(ctx: AuthContext, req: SandboxRequest): SandboxResponse {
  const token = field(req.body, 'token').trim();
  if (!token) return fail(400, 'Token is required.');
  const verification = ctx.store.verificationTokens.get(token);
  if (!verification) return fail(400, 'Invalid or expired token.');
  if (!isUsable(verification)) return fail(400, 'Token has expired or already used.');
  const user = ctx.store.userById(verification.userId);
  if (!user) return fail(404, 'User not found.');
  verification.usedAt = new Date();
  user.emailVerified = true;
  return {
    status: 200,
    body: { success: true, message: 'Email verified successfully. Welcome to Goalixa!' },
  };
}

function resendVerification(ctx: AuthContext, req: SandboxRequest): SandboxResponse {
  const limited = rateLimited(ctx, req, 'resendVerification');
  if (limited) return limited;
  const email = normalizeEmail(field(req.body, 'email'));
  if (!email) return fail(400, 'Email is required.');
  const user = ctx.store.userByEmail(email);
  if (user?.emailVerified) return fail(400, 'This email address is already verified.');
  const body: Record<string, unknown> = { success: true, message: VERIFICATION_SENT };
  if (user) {
    const tokens = ctx.store.verificationTokens;
    // Auth reuses a still-valid token rather than invalidating the link already sent.
    const existing = [...tokens.values()].find((token) => token.userId === user.id && isUsable(token));
    const verification = existing ?? ctx.store.createOneTimeToken(tokens, user.id, VERIFICATION_TTL_SECONDS);
    if (ctx.options.exposeTokens) body.verification_token = verification.token;
  }
  return { status: 200, body };
}

export function addRecoveryRoutes(router: Router, ctx: AuthContext): void {
  router
    .on('POST', '/api/forgot', (req) => requestReset(ctx, req, 1))
    .on('POST', '/api/password-reset/request', (req) => requestReset(ctx, req, 2))
    .on('POST', '/api/password-reset/confirm', (req) => confirmReset(ctx, req))
    .on('POST', '/api/reset', (req) => confirmReset(ctx, req))
    .on('POST', '/api/verify-email', (req) => verifyEmail(ctx, req))
    .on('POST', '/api/resend-verification', (req) => resendVerification(ctx, req));
}
