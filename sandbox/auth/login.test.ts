import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, password, post, registered, start, stopRunning } from './test-support.js';

afterEach(stopRunning);

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
