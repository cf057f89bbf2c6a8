import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { rawRequest } from './harness/raw-request.js';
import { resetCalls, upstreamCalls } from './harness/session.js';
import { craftToken, mintToken, nowSeconds, swapClaims, tamperSignature } from './harness/tokens.js';

const previousSecret = 'the-previous-secret-of-the-gateway-0123456789';
const now = nowSeconds();

let sandbox: SandboxProcess;
let proxy: ProxyProcess;
/** A proxy whose Core is `echo`, to see exactly which headers an upstream receives. */
let echoProxy: ProxyProcess;
let echo: Server;

beforeAll(async () => {
  echo = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ headers: req.headers }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  sandbox = await startSandboxProcess();
  const common = {
    AUTH_SERVICE_URL: sandbox.authUrl,
    AUTH_JWT_PREVIOUS_SECRET: previousSecret,
    RATE_LIMIT_ENABLED: 'false',
  };
  [proxy, echoProxy] = await Promise.all([
    startProxyProcess({ ...common, APP_SERVICE_URL: sandbox.coreUrl }),
    startProxyProcess({
      ...common,
      APP_SERVICE_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), echoProxy?.stop()]);
  await sandbox?.stop();
  await new Promise((resolve) => echo?.close(resolve));
});

beforeEach(async () => {
  await Promise.all([resetCalls(sandbox.authUrl), resetCalls(sandbox.coreUrl)]);
});

async function allUpstreamCalls(): Promise<Record<string, number>> {
  const [auth, core] = await Promise.all([upstreamCalls(sandbox.authUrl), upstreamCalls(sandbox.coreUrl)]);
  return { ...auth, ...core };
}

const bearer = (token: string) => ['Authorization', `Bearer ${token}`];
const cookie = (token: string) => ['Cookie', `goalixa_access=${token}`];
const json = ['Accept', 'application/json'];

interface HostileCase {
  name: string;
  headers: () => Promise<string[]> | string[];
  reason?: 'token_missing' | 'token_expired' | 'token_invalid';
}

/** Every one of these is decided by the gateway alone: 401, and no upstream hears of it. */
const hostile: HostileCase[] = [
  { name: 'alg none', headers: () => bearer(craftToken({ alg: 'none', typ: 'JWT' }, {}, null)) },
  { name: 'alg none in the cookie', headers: () => cookie(craftToken({ alg: 'none' }, {}, null)) },
  { name: 'HS384 with the right secret', headers: async () => bearer(await mintToken({ alg: 'HS384' })) },
  { name: 'HS512 with the right secret', headers: async () => bearer(await mintToken({ alg: 'HS512' })) },
  { name: 'RS256 header, secret used as the key', headers: () => bearer(craftToken({ alg: 'RS256' }, {})) },
  {
    name: 'payload corrupted after signing',
    headers: async () => {
      const [header, , signature] = (await mintToken()).split('.');
      return bearer(`${header}.eyJzdWIiOiIxIiwi.${signature}`);
    },
  },
  {
    name: 'expired',
    headers: async () => bearer(await mintToken({ claims: { iat: now - 2000, exp: now - 1000 } })),
    reason: 'token_expired',
  },
  {
    name: 'expired, with a valid signature but an unknown key',
    headers: async () =>
      bearer(await mintToken({ secret: 'some-other-secret-0123456789-abcdef', claims: { exp: now - 1000 } })),
    reason: 'token_expired',
  },
  {
    name: 'exp as a string',
    headers: () => bearer(craftToken({ alg: 'HS256' }, { exp: String(now + 900) })),
  },
  { name: 'exp missing', headers: async () => bearer(await mintToken({ claims: { exp: undefined } })) },
  {
    name: 'exp in the year 3000',
    headers: async () => bearer(await mintToken({ claims: { exp: 32503680000 } })),
  },
  {
    name: 'nbf in the future',
    headers: async () => bearer(await mintToken({ claims: { nbf: now + 3600 } })),
  },
  { name: 'type refresh', headers: async () => bearer(await mintToken({ claims: { type: 'refresh' } })) },
  { name: 'no type', headers: async () => bearer(await mintToken({ claims: { type: undefined } })) },
  { name: 'no sub', headers: async () => bearer(await mintToken({ claims: { sub: undefined } })) },
  {
    name: 'a 5 KB token',
    headers: async () => bearer(await mintToken({ claims: { pad: 'x'.repeat(5000) } })),
  },
  {
    name: 'two Authorization headers',
    headers: async () => {
      const token = await mintToken();
      return [...bearer(token), ...bearer(token)];
    },
  },
  { name: 'Bearer with nothing after it', headers: () => ['Authorization', 'Bearer'] },
  { name: 'Basic credentials', headers: () => ['Authorization', 'Basic dXNlcjpQYXNzdzByZCE='] },
  { name: 'a token with spaces', headers: async () => bearer((await mintToken()).replace('.', ' . ')) },
  {
    name: 'a token with non-ASCII bytes',
    headers: async () => bearer(Buffer.from(`${await mintToken()}€ü`).toString('latin1')),
  },
  {
    name: 'a header and a cookie that disagree (the header wins, and it is garbage)',
    headers: async () => [...bearer('not-a-jwt'), ...cookie(await mintToken())],
  },
  { name: 'no credentials at all', headers: () => [], reason: 'token_missing' },
  {
    name: 'only a garbage refresh cookie',
    headers: () => ['Cookie', 'goalixa_refresh=garbage'],
    reason: 'token_missing',
  },
];

describe('hostile tokens get 401 and never reach an upstream', () => {
  for (const path of ['/bff/app/tasks', '/bff/auth/me']) {
    it.each(hostile)(`${path}: $name`, async ({ headers, reason }) => {
      const response = await rawRequest(proxy.url, path, [...json, ...(await headers())]);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.json).toMatchObject({ error: 'unauthorized', redirect_url: '/auth/login' });
      expect(response.json?.reason).toBe(reason ?? 'token_invalid');
      expect(await allUpstreamCalls()).toEqual({});
    });
  }

  it('a 16 KB token is refused as 431 JSON before any routing', async () => {
    const token = await mintToken({ claims: { pad: 'x'.repeat(16 * 1024) } });
    const response = await rawRequest(proxy.url, '/bff/app/tasks', [...json, ...bearer(token)]);
    expect([401, 431]).toContain(response.status);
    expect(response.json?.error).toBeTypeOf('string');
    expect(await allUpstreamCalls()).toEqual({});
  });

  it('a forged sub (payload swapped, signature kept) never reaches Core and is asked of Auth at most once', async () => {
    // A signature that matches neither key is the one case Auth may decide (Auth may have
    // rotated first), so a single /me call per distinct token is allowed — never a second one.
    const forged = swapClaims(await mintToken({ claims: { sub: '42' } }), { sub: '1' });
    for (let i = 0; i < 3; i++) {
      const response = await rawRequest(proxy.url, '/bff/app/tasks', [...json, ...bearer(forged)]);
      expect(response.status).toBe(401);
      expect(response.json?.reason).toBe('token_invalid');
    }
    const calls = await allUpstreamCalls();
    expect(Object.keys(calls).every((key) => key === 'GET /api/me')).toBe(true);
    expect(calls['GET /api/me'] ?? 0).toBeLessThanOrEqual(1);
  });

  it('a tampered signature never reaches Core and is asked of Auth at most once', async () => {
    const tampered = tamperSignature(await mintToken());
    for (let i = 0; i < 3; i++) {
      const response = await rawRequest(proxy.url, '/bff/app/tasks', [...json, ...bearer(tampered)]);
      expect(response.status).toBe(401);
    }
    const calls = await allUpstreamCalls();
    expect(Object.keys(calls).every((key) => key === 'GET /api/me')).toBe(true);
    expect(calls['GET /api/me'] ?? 0).toBeLessThanOrEqual(1);
  });

  it('the proxy is still up and healthy after all of that', async () => {
    expect(proxy.child.exitCode).toBeNull();
    expect((await rawRequest(proxy.url, '/health')).status).toBe(200);
  });
});

describe('valid tokens', () => {
  it('a valid bearer token reaches Core without any call to Auth', async () => {
    const token = await mintToken({ claims: { sub: '501' } });
    const response = await rawRequest(proxy.url, '/bff/app/tasks', [...json, ...bearer(token)]);
    expect(response.status).toBe(200);
    expect(await allUpstreamCalls()).toEqual({ 'GET /api/tasks': 1 });
  });

  it('a valid token in the legacy access_token cookie is accepted', async () => {
    const token = await mintToken({ claims: { sub: '502' } });
    const response = await rawRequest(proxy.url, '/bff/app/tasks', [
      ...json,
      'Cookie',
      `access_token=${token}`,
    ]);
    expect(response.status).toBe(200);
  });
});

describe('public paths and browser navigation', () => {
  it.each([
    ['POST', '/auth/loginXYZ'],
    ['POST', '/bff/auth/loginXYZ'],
    ['POST', '/auth/login/extra'],
    ['POST', '/auth/registerme'],
    ['GET', '/auth/google-evil'],
    ['GET', '/healthz'],
  ])('%s %s is never forwarded as public', async (method, path) => {
    const response = await rawRequest(proxy.url, path, json, method);
    expect([401, 404]).toContain(response.status);
    expect(response.json?.error).toBeTypeOf('string');
    expect(await allUpstreamCalls()).toEqual({});
  });

  it.each(['/bff/auth/verify-email', '/bff/auth/resend-verification', '/auth/logout'])(
    'POST %s reaches Auth without a session',
    async (path) => {
      const response = await rawRequest(proxy.url, path, json, 'POST');
      expect(response.status).not.toBe(401);
      expect((await upstreamCalls(sandbox.authUrl))[`POST /api${path.replace(/^(\/bff)?\/auth/, '')}`]).toBe(
        1,
      );
    },
  );

  it.each(['/health/circuit-breaker/status', '/openapi.json', '/metrics', '/readiness'])(
    'GET %s answers without a token',
    async (path) => {
      expect((await rawRequest(proxy.url, path)).status).toBe(200);
    },
  );

  it('a browser navigation without a session is redirected to /auth/login', async () => {
    const response = await rawRequest(proxy.url, '/app/tasks', ['Accept', 'text/html,application/xhtml+xml']);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/auth/login');
  });

  it('the same navigation under /bff gets the JSON 401', async () => {
    const response = await rawRequest(proxy.url, '/bff/app/tasks', ['Accept', 'text/html']);
    expect(response.status).toBe(401);
    expect(response.json?.error).toBe('unauthorized');
  });
});

describe('identity towards the upstreams', () => {
  const spoofed = [
    'X-User-Id',
    '1',
    'X-User-Email',
    'admin@example.com',
    'X-Authenticated-User',
    '1',
    'X-Authenticated-Userid',
    '1',
  ];

  async function upstreamHeaders(headers: string[]): Promise<IncomingHttpHeaders> {
    const response = await rawRequest(echoProxy.url, '/bff/app/tasks', [...json, ...headers], 'POST');
    expect(response.status).toBe(200);
    return (response.json as { headers: IncomingHttpHeaders }).headers;
  }

  it('client identity headers are stripped and X-User-Id is the verified sub', async () => {
    const token = await mintToken({ claims: { sub: '42' } });
    const seen = await upstreamHeaders([...spoofed, ...bearer(token)]);
    expect(seen['x-user-id']).toBe('42');
    expect(seen['x-user-email']).toBeUndefined();
    expect(seen['x-authenticated-user']).toBeUndefined();
    expect(seen['x-authenticated-userid']).toBeUndefined();
    expect(seen.authorization).toBeUndefined();
    expect(seen.cookie).toBe(`goalixa_access=${token}`);
  });

  it('a token signed with the previous secret is accepted locally, without asking Auth', async () => {
    // Core (the echo) takes whatever the gateway forwards; the sandbox Core knows one secret only.
    const token = await mintToken({ secret: previousSecret, claims: { sub: '77' } });
    const seen = await upstreamHeaders(bearer(token));
    expect(seen['x-user-id']).toBe('77');
    expect(await allUpstreamCalls()).toEqual({});
  });

  it('when a header and a cookie both hold valid tokens, the header identity is the one forwarded', async () => {
    const fromHeader = await mintToken({ claims: { sub: '42' } });
    const fromCookie = await mintToken({ claims: { sub: '43' } });
    const seen = await upstreamHeaders([...bearer(fromHeader), ...cookie(fromCookie)]);
    expect(seen['x-user-id']).toBe('42');
    expect(seen.cookie).toBe(`goalixa_access=${fromHeader}`);
  });
});

describe('auth outcome metrics', () => {
  it('count local successes and rejections by reason', async () => {
    const text = (await rawRequest(proxy.url, '/metrics')).text;
    const count = (outcome: string) =>
      Number(
        new RegExp(`^bff_auth_outcomes_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm').exec(
          text,
        )?.[1],
      );
    expect(count('local_ok')).toBeGreaterThanOrEqual(2);
    expect(count('rejected_invalid')).toBeGreaterThanOrEqual(20);
    expect(count('rejected_expired')).toBeGreaterThanOrEqual(2);
    expect(count('rejected_missing')).toBeGreaterThanOrEqual(2);
    expect(count('fallback_rejected')).toBeGreaterThanOrEqual(1);
  });
});
