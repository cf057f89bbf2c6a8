import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxService, startService } from '../http/service.js';
import type { SandboxOptions } from '../options.js';
import { createAuthRouter } from './index.js';

const baseOptions: SandboxOptions = {
  secret: 'test-secret-that-is-long-enough-0123456789',
  accessCookieName: 'goalixa_access',
  refreshCookieName: 'goalixa_refresh',
  accessTtlSeconds: 900,
  refreshTtlSeconds: 604_800,
  cookieSecure: false,
  cookieSameSite: 'Lax',
  production: false,
  exposeTokens: true,
};

const password = 'Secret-pass-1!';
let running: SandboxService | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The limiter switch is read when the router is created, so set it only around that. */
async function start(
  overrides: Partial<SandboxOptions> = {},
  rateLimitEnv?: string,
): Promise<SandboxService> {
  const saved = process.env.SANDBOX_AUTH_RATE_LIMIT;
  if (rateLimitEnv === undefined) delete process.env.SANDBOX_AUTH_RATE_LIMIT;
  else process.env.SANDBOX_AUTH_RATE_LIMIT = rateLimitEnv;
  try {
    running = await startService(await createAuthRouter({ ...baseOptions, ...overrides }), 0);
  } finally {
    if (saved === undefined) delete process.env.SANDBOX_AUTH_RATE_LIMIT;
    else process.env.SANDBOX_AUTH_RATE_LIMIT = saved;
  }
  return running;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
  /** name → value of the cookies set (not cleared) by the reply. */
  cookies: Record<string, string>;
}

async function call(
  method: string,
  url: string,
  options: { body?: unknown; cookies?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const cookieHeader = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  if (cookieHeader) headers.cookie = cookieHeader;
  const res = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const setCookies = res.headers.getSetCookie();
  const cookies: Record<string, string> = {};
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const [name, value] = pair.split('=');
    if (value) cookies[name] = value;
  }
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, setCookies, cookies };
}

const post = (url: string, body: unknown = {}, cookies?: Record<string, string>) =>
  call('POST', url, { body, cookies });
const get = (url: string, cookies?: Record<string, string>) => call('GET', url, { cookies });

async function registered(service: SandboxService, email = 'ada@example.com'): Promise<Reply> {
  const reply = await post(`${service.url}/api/register`, { email, password });
  expect(reply.status).toBe(200);
  return reply;
}

describe('sandbox Auth: login, refresh and logout', () => {
  it('registers, logs in, rotates the refresh token, rejects its reuse and clears cookies on logout', async () => {
    const auth = await start();
    const reg = await registered(auth, 'Ada@Example.com');
    expect(reg.body).toMatchObject({
      success: true,
      user: { email: 'ada@example.com' },
      email_verified: false,
    });
    expect(Object.keys(reg.cookies).sort()).toEqual(['goalixa_access', 'goalixa_refresh']);

    const login = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ success: true, user: { email: 'ada@example.com' } });

    const me = await get(`${auth.url}/api/me`, { goalixa_access: login.cookies.goalixa_access });
    expect(me.body).toEqual({ authenticated: true, user: { id: 1, email: 'ada@example.com' } });

    const old = { goalixa_refresh: login.cookies.goalixa_refresh };
    const refreshed = await post(`${auth.url}/api/refresh`, {}, old);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).toBe(refreshed.cookies.goalixa_access);
    expect(refreshed.cookies.goalixa_refresh).not.toBe(old.goalixa_refresh);

    const reuse = await post(`${auth.url}/api/refresh`, {}, old);
    expect(reuse).toMatchObject({
      status: 401,
      body: { success: false, error: 'Invalid or expired refresh token.' },
    });

    const logout = await post(
      `${auth.url}/api/logout`,
      {},
      { goalixa_refresh: refreshed.cookies.goalixa_refresh },
    );
    expect(logout.body).toEqual({ success: true });
    expect(logout.setCookies).toEqual([
      'goalixa_access=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
      'goalixa_refresh=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
    ]);
    const afterLogout = await post(
      `${auth.url}/api/refresh`,
      {},
      { goalixa_refresh: refreshed.cookies.goalixa_refresh },
    );
    expect(afterLogout.status).toBe(401);
  });

  it('issues HS256 tokens without kid carrying the contract claims', async () => {
    const auth = await start();
    const { cookies } = await registered(auth);
    const access = decodeJwt(cookies.goalixa_access);
    expect(decodeProtectedHeader(cookies.goalixa_access)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(access).toMatchObject({ sub: '1', email: 'ada@example.com', type: 'access' });
    expect(access.exp! - access.iat!).toBe(900);
    const refresh = decodeJwt(cookies.goalixa_refresh);
    expect(refresh).toMatchObject({ sub: '1', type: 'refresh' });
    expect(refresh.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(refresh.exp! - refresh.iat!).toBe(604_800);
    expect(refresh.email).toBeUndefined();
  });

  it('formats session cookies like Werkzeug, with Domain and forced Secure for SameSite=None', async () => {
    const auth = await start({ cookieDomain: '.goalixa.com', cookieSameSite: 'None' });
    const { setCookies } = await registered(auth);
    expect(setCookies[0]).toMatch(
      /^goalixa_access=[\w.-]+; Domain=goalixa\.com; Expires=\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT; Max-Age=900; Secure; HttpOnly; Path=\/; SameSite=None$/,
    );
    expect(setCookies[1]).toContain('; Max-Age=604800; Secure; HttpOnly; Path=/; SameSite=None');
  });

  it('answers login 400 for a missing or malformed email and 401 for wrong credentials', async () => {
    const auth = await start();
    await registered(auth);
    const missing = await post(`${auth.url}/api/login`, { email: 'ada@example.com' });
    expect(missing).toMatchObject({
      status: 400,
      body: { success: false, error: 'Email and password are required.' },
    });
    const malformed = await post(`${auth.url}/api/login`, { email: 'ada@@example', password });
    expect(malformed.body.error).toBe('Email and password are required.');
    const wrong = await post(`${auth.url}/api/login`, {
      email: 'ada@example.com',
      password: 'Wrong-pass-1!',
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: { success: false, error: 'Invalid email or password.' },
    });
    const unknown = await post(`${auth.url}/api/login`, { email: 'nobody@example.com', password });
    expect(unknown.body.error).toBe('Invalid email or password.');
  });

  it('rejects weak passwords and duplicate emails at registration', async () => {
    const auth = await start();
    const weak = await post(`${auth.url}/api/register`, {
      email: 'bo@example.com',
      password: 'alllowercase1!',
    });
    expect(weak).toMatchObject({
      status: 400,
      body: { error: 'Password must contain at least one uppercase letter.' },
    });
    await registered(auth, 'bo@example.com');
    const again = await post(`${auth.url}/api/register`, { email: 'bo@example.com', password });
    expect(again).toMatchObject({
      status: 409,
      body: { success: false, error: 'Email already registered.' },
    });
  });

  it('keeps at most five active refresh tokens per user', async () => {
    const auth = await start();
    const first = await registered(auth);
    for (let i = 0; i < 5; i++) await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const stale = await post(
      `${auth.url}/api/refresh`,
      {},
      { goalixa_refresh: first.cookies.goalixa_refresh },
    );
    expect(stale.status).toBe(401);
  });
});

describe('sandbox Auth: /api/me', () => {
  it('re-issues an access cookie when only the refresh cookie is valid, without rotating', async () => {
    const auth = await start();
    const { cookies } = await registered(auth);
    const me = await get(`${auth.url}/api/me`, {
      goalixa_access: 'junk',
      goalixa_refresh: cookies.goalixa_refresh,
    });
    expect(me.body).toEqual({ authenticated: true, user: { id: 1, email: 'ada@example.com' } });
    expect(Object.keys(me.cookies)).toEqual(['goalixa_access']);
    const again = await get(`${auth.url}/api/me`, { goalixa_access: me.cookies.goalixa_access });
    expect(again.body.authenticated).toBe(true);
    const stillValid = await post(
      `${auth.url}/api/refresh`,
      {},
      { goalixa_refresh: cookies.goalixa_refresh },
    );
    expect(stillValid.status).toBe(200);
  });

  it('answers 200 anonymous with HttpOnly clearing cookies for the domain and host-only', async () => {
    const auth = await start({ cookieDomain: 'goalixa.com', cookieSecure: true });
    const me = await get(`${auth.url}/api/me`, { goalixa_access: 'junk' });
    expect(me).toMatchObject({ status: 200, body: { authenticated: false, user: null } });
    expect(me.setCookies).toHaveLength(4);
    expect(me.setCookies[0]).toMatch(
      /^goalixa_access=; Domain=goalixa\.com; Expires=.+; Max-Age=0; Secure; HttpOnly; Path=\/; SameSite=Lax$/,
    );
    expect(me.setCookies[1]).toMatch(
      /^goalixa_access=; Expires=.+; Max-Age=0; Secure; HttpOnly; Path=\/; SameSite=Lax$/,
    );
  });

  it('ignores the Authorization header', async () => {
    const auth = await start();
    const { cookies } = await registered(auth);
    const me = await call('GET', `${auth.url}/api/me`, {
      headers: { authorization: `Bearer ${cookies.goalixa_access}` },
    });
    expect(me.body.authenticated).toBe(false);
  });
});

describe('sandbox Auth: sessions', () => {
  it('lists active sessions newest first with is_current only for the caller, and revokes others', async () => {
    const auth = await start();
    const a = await registered(auth);
    const b = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const list = await get(`${auth.url}/api/sessions`, b.cookies);
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as Array<Record<string, unknown>>;
    expect(sessions.map((s) => [s.id, s.is_current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(sessions[0]).toMatchObject({
      device_type: 'desktop',
      device: expect.stringMatching(/\(desktop\)$/),
    });

    const own = await post(`${auth.url}/api/sessions/2/revoke`, {}, b.cookies);
    expect(own).toMatchObject({
      status: 400,
      body: { error: 'Cannot revoke current session. Use /api/logout instead.' },
    });
    const other = await post(`${auth.url}/api/sessions/1/revoke`, {}, b.cookies);
    expect(other.body).toEqual({ success: true, message: 'Session revoked successfully.' });
    const twice = await post(`${auth.url}/api/sessions/1/revoke`, {}, b.cookies);
    expect(twice).toMatchObject({ status: 400, body: { error: 'Session already revoked.' } });
    const missing = await post(`${auth.url}/api/sessions/99/revoke`, {}, b.cookies);
    expect(missing).toMatchObject({ status: 404, body: { error: 'Session not found.' } });
    expect((await post(`${auth.url}/api/refresh`, {}, a.cookies)).status).toBe(401);
  });

  it('revokes every other session with revoke-all and reports the count', async () => {
    const auth = await start();
    await registered(auth);
    await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const current = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const all = await post(`${auth.url}/api/sessions/revoke-all`, {}, current.cookies);
    expect(all.body).toEqual({ success: true, message: 'Revoked 2 session(s).', revoked_count: 2 });
    const list = await get(`${auth.url}/api/sessions`, current.cookies);
    expect((list.body.sessions as unknown[]).length).toBe(1);
  });

  it('answers 401 without a session', async () => {
    const auth = await start();
    const list = await get(`${auth.url}/api/sessions`);
    expect(list).toMatchObject({ status: 401, body: { success: false, error: 'Authentication required.' } });
  });
});

describe('sandbox Auth: email verification and password reset', () => {
  it('requires a verified email in production, and verifies through the exposed token', async () => {
    const auth = await start({ production: true });
    const reg = await registered(auth);
    const blocked = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    expect(blocked).toMatchObject({
      status: 403,
      body: {
        success: false,
        error: 'Please verify your email address before logging in.',
        email_verified: false,
        user_id: 1,
      },
    });
    const resent = await post(`${auth.url}/api/resend-verification`, { email: 'ada@example.com' });
    expect(resent.body.verification_token).toBe(reg.body.verification_token);
    const verified = await post(`${auth.url}/api/verify-email`, { token: reg.body.verification_token });
    expect(verified.body).toEqual({
      success: true,
      message: 'Email verified successfully. Welcome to Goalixa!',
    });
    const reused = await post(`${auth.url}/api/verify-email`, { token: reg.body.verification_token });
    expect(reused).toMatchObject({ status: 400, body: { error: 'Token has expired or already used.' } });
    const already = await post(`${auth.url}/api/resend-verification`, { email: 'ada@example.com' });
    expect(already).toMatchObject({
      status: 400,
      body: { error: 'This email address is already verified.' },
    });
    expect((await post(`${auth.url}/api/login`, { email: 'ada@example.com', password })).status).toBe(200);
  });

  it('hides one-time tokens outside test mode', async () => {
    const auth = await start({ exposeTokens: false });
    const reg = await registered(auth);
    expect(reg.body).not.toHaveProperty('verification_token');
    const forgot = await post(`${auth.url}/api/forgot`, { email: 'ada@example.com' });
    expect(forgot.body).toEqual({
      success: true,
      message: 'If an account exists with this email, a password reset link has been sent.',
    });
  });

  it('resets the password with the emailed token and revokes existing sessions', async () => {
    const auth = await start();
    const reg = await registered(auth);
    const forgot = await post(`${auth.url}/api/forgot`, { email: 'ada@example.com' });
    const token = forgot.body.reset_token as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const newPassword = 'Fresh-pass-2@';
    const confirm = await post(`${auth.url}/api/password-reset/confirm`, { token, password: newPassword });
    expect(confirm.body).toEqual({ success: true, message: 'Password has been reset.' });
    expect((await post(`${auth.url}/api/refresh`, {}, reg.cookies)).status).toBe(401);
    const reused = await post(`${auth.url}/api/reset`, { token, password: newPassword });
    expect(reused).toMatchObject({ status: 400, body: { error: 'Reset link is invalid or expired.' } });
    expect((await post(`${auth.url}/api/login`, { email: 'ada@example.com', password })).status).toBe(401);
    expect(
      (await post(`${auth.url}/api/login`, { email: 'ada@example.com', password: newPassword })).status,
    ).toBe(200);
  });
});

describe('sandbox Auth: rate limiting and fixed endpoints', () => {
  it('answers 429 on the sixth login from one IP and then blocks every limited action', async () => {
    const auth = await start();
    const attempt = () => post(`${auth.url}/api/login`, { email: 'x@example.com', password });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited).toMatchObject({
      status: 429,
      body: { success: false, error: 'Too many attempts. Please try again in 900 seconds.' },
    });
    expect((await post(`${auth.url}/api/forgot`, { email: 'x@example.com' })).status).toBe(429);
    const elsewhere = await call('POST', `${auth.url}/api/login`, {
      body: { email: 'x@example.com', password },
      headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    });
    expect(elsewhere.status).toBe(401);
  });

  it('counts password-reset/request twice, so the second request is limited', async () => {
    const auth = await start();
    const request = () => post(`${auth.url}/api/password-reset/request`, { email: 'x@example.com' });
    expect((await request()).status).toBe(200);
    expect((await request()).status).toBe(429);
  });

  it('does not limit when SANDBOX_AUTH_RATE_LIMIT=0 at router creation', async () => {
    const auth = await start({}, '0');
    for (let i = 0; i < 7; i++) {
      expect((await post(`${auth.url}/api/login`, { email: 'x@example.com', password })).status).toBe(401);
    }
  });

  it('serves the root, health and unconfigured Google OAuth answers', async () => {
    const auth = await start();
    expect((await get(`${auth.url}/`)).body).toEqual({ service: 'goalixa-auth', status: 'ok' });
    expect((await get(`${auth.url}/health`)).body).toEqual({ status: 'ok' });
    const google = await get(`${auth.url}/api/oauth/google/start`);
    expect(google).toMatchObject({
      status: 503,
      body: { success: false, error: 'Google OAuth is not configured.' },
    });
  });

  it('creates the seed user as verified', async () => {
    const auth = await start({ production: true, seedUser: { email: 'demo@goalixa.dev', password } });
    expect((await post(`${auth.url}/api/login`, { email: 'demo@goalixa.dev', password })).status).toBe(200);
  });
});
