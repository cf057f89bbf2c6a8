import type { SandboxRequest } from '../http/router.js';
import type { AuthContext } from './context.js';
import { isActive, type User } from './store.js';

/** The current user of a non-public Auth endpoint, per CONTRACT §7.1.1. */
export interface Identity {
  user: User;
  /** A fresh access cookie, when the user was found through the refresh cookie only. */
  setCookies: string[];
}

async function fromAccessCookie(ctx: AuthContext, req: SandboxRequest): Promise<User | null> {
  const userId = await ctx.tokens.verifyAccess(req.cookies[ctx.options.accessCookieName] ?? '');
  return (userId !== null && ctx.store.userById(userId)) || null;
}

/** Step 2: a live refresh session re-issues the access cookie but is not rotated. */
async function fromRefreshCookie(ctx: AuthContext, req: SandboxRequest): Promise<Identity | null> {
  const claims = await ctx.tokens.verifyRefresh(req.cookies[ctx.options.refreshCookieName] ?? '');
  if (!claims) return null;
  const session = ctx.store.sessionByJti(claims.jti);
  const now = new Date();
  if (!session || session.userId !== claims.userId || !isActive(session, now)) return null;
  const user = ctx.store.userById(claims.userId);
  if (!user?.active) return null;
  session.lastSeenAt = now;
  const accessToken = await ctx.tokens.signAccess(user.id, user.email);
  return { user, setCookies: [ctx.cookies.access(accessToken)] };
}

/** Auth reads cookies only, never the Authorization header. */
export async function identify(ctx: AuthContext, req: SandboxRequest): Promise<Identity | null> {
  const user = await fromAccessCookie(ctx, req);
  if (user) return { user, setCookies: [] };
  return fromRefreshCookie(ctx, req);
}

/** The `jti` of the session the caller's refresh cookie belongs to, for `is_current`. */
export async function currentJti(ctx: AuthContext, req: SandboxRequest): Promise<string | undefined> {
  const claims = await ctx.tokens.verifyRefresh(req.cookies[ctx.options.refreshCookieName] ?? '');
  return claims?.jti;
}
