import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayWithSandbox,
  type ProxyProcess,
  type SandboxProcess,
  startGatewayWithSandbox,
} from './harness/processes.js';
import { upstreamCalls } from './harness/session.js';

let gateway: GatewayWithSandbox;
let sandbox: SandboxProcess;
let proxy: ProxyProcess;

beforeAll(async () => {
  // No Redis: the pod's local limiter. The client is 127.0.0.1, a trusted proxy.
  gateway = await startGatewayWithSandbox({
    RATE_LIMIT: '5/min',
    TRUSTED_PROXIES: '127.0.0.1,::1',
  });
  ({ sandbox, proxy } = gateway);
});

afterAll(() => gateway?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${proxy.url}${path}`, { headers });

describe('rate limiting in one pod', () => {
  it('counts per client address, puts the X-RateLimit headers on every answer and refuses with 429 past the limit', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await get('/bff/app/tasks', client));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual([
      '4',
      '3',
      '2',
      '1',
      '0',
      '0',
      '0',
    ]);
    for (const answer of answers) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('5');
      expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    const refused = answers[5];
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(await refused.json()).toMatchObject({
      error: 'rate_limited',
      message: 'Too many requests. Limit is 5 requests per 60 seconds.',
      retry_after: Number(refused.headers.get('retry-after')),
    });
    // Another client address has its own budget.
    expect((await get('/bff/app/tasks', { 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
  });

  it('refuses before authentication, so an over-limit client with a token never reaches Auth', async () => {
    const client = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 5; i++) {
      await (
        await fetch(`${proxy.url}/bff/auth/login`, { method: 'POST', headers: client, body: '{}' })
      ).arrayBuffer();
    }
    const before = await upstreamCalls(sandbox.authUrl);
    const refused = await get('/bff/auth/me', { ...client, authorization: 'Bearer not.a.token' });
    expect(refused.status).toBe(429);
    expect(await upstreamCalls(sandbox.authUrl)).toEqual(before);
  });

  it('never limits health, metrics and docs', async () => {
    const client = { 'x-forwarded-for': '203.0.113.10' };
    for (let i = 0; i < 8; i++) {
      for (const path of ['/health', '/liveness', '/readiness', '/metrics', '/openapi.json', '/docs']) {
        const answer = await get(path, client);
        await answer.arrayBuffer();
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
      }
    }
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/bff_rate_limited_total\{[^}]*key="address"[^}]*\} [1-9]/);
  });
});
