import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/free-port.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { cookieValue, registerUser, resetCalls, type Session, upstreamCalls } from './harness/session.js';
import { mintToken, nowSeconds } from './harness/tokens.js';

/** The key Auth signs with after rotating, before the gateway was told about it. */
const rotatedSecret = 'the-secret-auth-rotated-to-first-0123456789';

/** Sandbox and proxy sharing one secret: sessions, renewal, logout. */
let sandbox: SandboxProcess;
let proxy: ProxyProcess;
/** Auth signs with `rotatedSecret`, which this proxy lacks: every Auth token needs the fallback. */
let rotatedSandbox: SandboxProcess;
let rotatedProxy: ProxyProcess;
/** Auth is a port nobody listens on. */
let authDownProxy: ProxyProcess;

beforeAll(async () => {
  [sandbox, rotatedSandbox] = await Promise.all([
    startSandboxProcess(),
    startSandboxProcess({ AUTH_JWT_SECRET: rotatedSecret }),
  ]);
  const noLimit = { RATE_LIMIT_ENABLED: 'false' };
  [proxy, rotatedProxy, authDownProxy] = await Promise.all([
    startProxyProcess({ ...noLimit, AUTH_SERVICE_URL: sandbox.authUrl, APP_SERVICE_URL: sandbox.coreUrl }),
    startProxyProcess({
      ...noLimit,
      AUTH_SERVICE_URL: rotatedSandbox.authUrl,
      APP_SERVICE_URL: rotatedSandbox.coreUrl,
    }),
    startProxyProcess({
      ...noLimit,
      AUTH_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
      APP_SERVICE_URL: sandbox.coreUrl,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), rotatedProxy?.stop(), authDownProxy?.stop()]);
  await Promise.all([sandbox?.stop(), rotatedSandbox?.stop()]);
});

const meCalls = async (service: SandboxProcess) => (await upstreamCalls(service.authUrl))['GET /api/me'] ?? 0;

function get(base: string, path: string, cookie: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { accept: 'application/json', cookie } });
}

/** An access token for the session's user that expired an hour ago, signed with the right key. */
async function expiredAccessFor(session: Session): Promise<string> {
  const { sub, email } = decodeJwt(session.accessToken);
  return mintToken({ claims: { sub, email, iat: nowSeconds() - 4000, exp: nowSeconds() - 3600 } });
}

function metric(text: string, outcome: string): number {
  const line = new RegExp(`^bff_auth_outcomes_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm');
  return Number(line.exec(text)?.[1] ?? 0);
}

const bodyOf = async (response: Response) => (await response.json()) as Record<string, unknown>;

const metricsOf = async (target: ProxyProcess) => (await fetch(`${target.url}/metrics`)).text();

describe('fallback to Auth for a key the gateway lacks', () => {
  it('accepts a token Auth vouches for once, then serves repeats from the fallback cache', async () => {
    const session = await registerUser(rotatedProxy.url);
    await resetCalls(rotatedSandbox.authUrl);
    for (let i = 0; i < 4; i++) {
      expect((await get(rotatedProxy.url, '/bff/app/tasks', session.cookie)).status).toBe(200);
    }
    expect(await meCalls(rotatedSandbox)).toBe(1);
  });

  it('coalesces concurrent fallbacks for one token into a single Auth call', async () => {
    const session = await registerUser(rotatedProxy.url);
    await resetCalls(rotatedSandbox.authUrl);
    const cookie = `goalixa_access=${session.accessToken}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => get(rotatedProxy.url, '/bff/app/tasks', cookie)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(await meCalls(rotatedSandbox)).toBe(1);
  });

  it('rejects a token Auth does not vouch for, and remembers the refusal', async () => {
    const stranger = await mintToken({ secret: rotatedSecret, claims: { sub: '987654' } });
    await resetCalls(rotatedSandbox.authUrl);
    for (let i = 0; i < 3; i++) {
      const response = await get(rotatedProxy.url, '/bff/app/tasks', `goalixa_access=${stranger}`);
      expect(response.status).toBe(401);
      expect(await bodyOf(response)).toMatchObject({ error: 'unauthorized', reason: 'token_invalid' });
    }
    expect(await meCalls(rotatedSandbox)).toBe(1);
  });

  it('counts fallback_ok and fallback_rejected', async () => {
    const text = await metricsOf(rotatedProxy);
    expect(metric(text, 'fallback_ok')).toBeGreaterThanOrEqual(2);
    expect(metric(text, 'fallback_rejected')).toBeGreaterThanOrEqual(1);
  });
});

describe('Auth unreachable', () => {
  it('answers 503 auth_unavailable, not 401, when only Auth could decide', async () => {
    const token = await mintToken({ secret: rotatedSecret });
    const response = await get(authDownProxy.url, '/bff/app/tasks', `goalixa_access=${token}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect((await bodyOf(response)).error).toBe('auth_unavailable');
  });

  it('answers 503 when a refresh cookie could renew the session but Auth is gone', async () => {
    const refresh = await mintToken({ claims: { type: 'refresh', jti: randomUUID(), email: undefined } });
    const response = await get(authDownProxy.url, '/bff/auth/me', `goalixa_refresh=${refresh}`);
    expect(response.status).toBe(503);
    expect((await bodyOf(response)).error).toBe('auth_unavailable');
  });

  it('still serves locally verified tokens and still rejects garbage with 401', async () => {
    const valid = await mintToken({ claims: { sub: '3001' } });
    expect((await get(authDownProxy.url, '/bff/app/tasks', `goalixa_access=${valid}`)).status).toBe(200);
    expect((await get(authDownProxy.url, '/bff/app/tasks', 'goalixa_access=garbage')).status).toBe(401);
    expect(metric(await metricsOf(authDownProxy), 'fallback_error')).toBeGreaterThanOrEqual(1);
  });
});

describe('sessions that survive the 15-minute access token', () => {
  it('renews an expired access cookie from the refresh cookie and passes the new cookie on', async () => {
    const session = await registerUser(proxy.url);
    await resetCalls(sandbox.authUrl);
    const cookie = `goalixa_access=${await expiredAccessFor(session)}; goalixa_refresh=${session.refreshToken}`;
    const response = await get(proxy.url, '/bff/app/tasks', cookie);
    expect(response.status).toBe(200);
    const renewed = cookieValue(response.headers.getSetCookie(), 'goalixa_access');
    expect(decodeJwt(renewed)).toMatchObject({ sub: decodeJwt(session.accessToken).sub, type: 'access' });
    expect(await meCalls(sandbox)).toBe(1);
  });

  it('renews once for concurrent requests of one session without an access cookie', async () => {
    const session = await registerUser(proxy.url);
    await resetCalls(sandbox.authUrl);
    const cookie = `goalixa_refresh=${session.refreshToken}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => get(proxy.url, '/bff/app/tasks', cookie)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    for (const answer of answers)
      expect(cookieValue(answer.headers.getSetCookie(), 'goalixa_access')).not.toBe('');
    expect(await meCalls(sandbox)).toBe(1);
  });

  it('GET /bff/auth/me with only a refresh cookie returns the user (a page load after 15 minutes)', async () => {
    const session = await registerUser(proxy.url);
    const response = await get(proxy.url, '/bff/auth/me', `goalixa_refresh=${session.refreshToken}`);
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toMatchObject({ authenticated: true, user: { email: session.email } });
    expect(cookieValue(response.headers.getSetCookie(), 'goalixa_access')).not.toBe('');
  });

  it('an expired bearer token is not renewed: the caller chose that token', async () => {
    const session = await registerUser(proxy.url);
    const response = await fetch(`${proxy.url}/bff/app/tasks`, {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${await expiredAccessFor(session)}`,
        cookie: `goalixa_refresh=${session.refreshToken}`,
      },
    });
    expect(response.status).toBe(401);
    expect((await bodyOf(response)).reason).toBe('token_expired');
  });

  it('logout works with an expired access token, clears both cookies and ends the session', async () => {
    const session = await registerUser(proxy.url);
    const cookie = `goalixa_access=${await expiredAccessFor(session)}; goalixa_refresh=${session.refreshToken}`;
    const response = await fetch(`${proxy.url}/bff/auth/logout`, {
      method: 'POST',
      headers: { accept: 'application/json', cookie },
    });
    expect(response.status).toBe(200);
    const cleared = response.headers.getSetCookie();
    expect(cleared.some((line) => /^goalixa_access=;.*Max-Age=0/i.test(line))).toBe(true);
    expect(cleared.some((line) => /^goalixa_refresh=;.*Max-Age=0/i.test(line))).toBe(true);

    const after = await get(proxy.url, '/bff/auth/me', `goalixa_refresh=${session.refreshToken}`);
    expect(after.status).toBe(401);
    expect((await bodyOf(after)).error).toBe('unauthorized');
  });

  it('counts renewed and renew_rejected', async () => {
    const text = await metricsOf(proxy);
    expect(metric(text, 'renewed')).toBeGreaterThanOrEqual(3);
    expect(metric(text, 'renew_rejected')).toBeGreaterThanOrEqual(1);
  });
});
