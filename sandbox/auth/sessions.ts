import { randomUUID } from 'node:crypto';
import type { SandboxRequest } from '../http/router.js';
import { type DeviceInfo, deviceInfo } from './client.js';
import type { AuthContext } from './context.js';
import type { Session, User } from './store.js';
import { nowSeconds } from './tokens.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  session: Session;
  /** Access then refresh Set-Cookie headers. */
  setCookies: string[];
}

async function issue(ctx: AuthContext, user: User, device: DeviceInfo): Promise<IssuedTokens> {
  const iat = nowSeconds();
  const jti = randomUUID();
  const accessToken = await ctx.tokens.signAccess(user.id, user.email, iat);
  const refreshToken = await ctx.tokens.signRefresh(user.id, jti, iat);
  const session = ctx.store.addSession({
    ...device,
    jti,
    userId: user.id,
    createdAt: new Date(iat * 1000),
    expiresAt: new Date((iat + ctx.options.refreshTtlSeconds) * 1000),
  });
  return {
    accessToken,
    refreshToken,
    session,
    setCookies: [ctx.cookies.access(accessToken), ctx.cookies.refresh(refreshToken)],
  };
}

/** Login and register: a new session described by the caller's user agent and IP. */
export function startSession(ctx: AuthContext, user: User, req: SandboxRequest): Promise<IssuedTokens> {
  return issue(ctx, user, deviceInfo(req));
}

/** Refresh: the old row is revoked and linked to its replacement, which keeps the device fields. */
export async function rotateSession(ctx: AuthContext, user: User, old: Session): Promise<IssuedTokens> {
  // Revoked before the await so two concurrent refreshes with one token cannot both rotate it.
  old.revokedAt = new Date();
  const { deviceName, deviceType, deviceId, userAgent, ipAddress } = old;
  const issued = await issue(ctx, user, { deviceName, deviceType, deviceId, userAgent, ipAddress });
  old.replacedBy = issued.session.jti;
  return issued;
}
