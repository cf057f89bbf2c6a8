import type { Router, SandboxRequest, SandboxResponse } from '../http/router.js';
import { type AuthContext, fail, withCookies } from './context.js';
import { currentJti, type Identity, identify } from './identify.js';
import type { Session } from './store.js';

type SessionHandler = (identity: Identity, current: string | undefined) => SandboxResponse;

/**
 * Runs `handler` for an identified user. Unlike the real Auth (500 whenever a refresh cookie
 * is present), the current session is found by comparing the refresh cookie's `jti` as a string.
 */
async function withUser(
  ctx: AuthContext,
  req: SandboxRequest,
  handler: SessionHandler,
): Promise<SandboxResponse> {
  const identity = await identify(ctx, req);
  if (!identity) return withCookies(fail(401, 'Authentication required.'), ctx.cookies.identifyClearing());
  const response = handler(identity, await currentJti(ctx, req));
  return withCookies(response, identity.setCookies);
}

function describe(session: Session, current: string | undefined) {
  return {
    id: session.id,
    device: `${session.deviceName} (${session.deviceType})`,
    device_type: session.deviceType,
    created_at: session.createdAt.toISOString(),
    last_seen_at: session.lastSeenAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    // Only the caller's own session, not every active one as in the real Auth.
    is_current: session.jti === current,
  };
}

function list(ctx: AuthContext): SessionHandler {
  return ({ user }, current) => {
    const sessions = ctx.store.activeSessions(user.id).map((session) => describe(session, current));
    return { status: 200, body: { success: true, sessions } };
  };
}

function revoke(ctx: AuthContext, id: number): SessionHandler {
  return ({ user }, current) => {
    const session = ctx.store.sessionById(id);
    if (!session || session.userId !== user.id) return fail(404, 'Session not found.');
    if (session.jti === current) return fail(400, 'Cannot revoke current session. Use /api/logout instead.');
    if (session.revokedAt) return fail(400, 'Session already revoked.');
    session.revokedAt = new Date();
    return { status: 200, body: { success: true, message: 'Session revoked successfully.' } };
  };
}

function revokeAll(ctx: AuthContext): SessionHandler {
  return ({ user }, current) => {
    const count = ctx.store.revokeSessions(user.id, current);
    return {
      status: 200,
      body: { success: true, message: `Revoked ${count} session(s).`, revoked_count: count },
    };
  };
}

export function addSessionRoutes(router: Router, ctx: AuthContext): void {
  router
    .on('GET', '/api/sessions', (req) => withUser(ctx, req, list(ctx)))
    .on('POST', '/api/sessions/revoke-all', (req) => withUser(ctx, req, revokeAll(ctx)))
    .on('POST', '/api/sessions/:id/revoke', (req) => withUser(ctx, req, revoke(ctx, Number(req.params.id))));
}
