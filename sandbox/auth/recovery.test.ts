import { afterEach, describe, expect, it } from 'vitest';
import { call, get, password, post, registered, start, stopRunning } from './test-support.js';

afterEach(stopRunning);

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
