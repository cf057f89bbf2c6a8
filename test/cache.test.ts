import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, interleavedReadsAndWrites, taskNames } from './harness/cache-client.js';
import {
  type GatewayWithSandbox,
  type ProxyProcess,
  type SandboxProcess,
  startGatewayWithSandbox,
  startProxyProcess,
} from './harness/processes.js';
import { type Exposition, scrape } from './harness/prometheus.js';
import { registerUser, resetCalls, setFaults, upstreamCalls } from './harness/session.js';

/** The embedded (memory) store, one proxy; labels expire after a second to watch TTLs and staleness. */
let gateway: GatewayWithSandbox;
let sandbox: SandboxProcess;
let proxy: ProxyProcess;

beforeAll(async () => {
  gateway = await startGatewayWithSandbox({
    RATE_LIMIT_ENABLED: 'false',
    BREAKER_FAILURE_THRESHOLD: '1000',
    CACHE_TTL_LABELS: '1',
    STALE_IF_ERROR_SECONDS: '30',
  });
  ({ sandbox, proxy } = gateway);
});

afterAll(() => gateway?.stop());

describe('response cache (memory store)', () => {
  it('answers a repeated GET from the cache, marked private towards the browser', async () => {
    const session = await registerUser(proxy.url);
    const first = await call(proxy.url, 'GET', '/bff/app/projects', session);
    const second = await call(proxy.url, 'GET', '/bff/app/projects', session);
    expect([first.xCache, second.xCache]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('cache-control')).toBe('private, no-store');
    expect(second.headers.get('vary')).toMatch(/Cookie, Authorization/);
  });

  it('counts each miss and each hit in /metrics, by data type, as they happen', async () => {
    const session = await registerUser(proxy.url);
    const count = (exposition: Exposition, name: string) =>
      exposition.samples.find((s) => s.name === name && s.labels.type === 'projects')?.value ?? 0;
    const before = await scrape(proxy.url);
    await call(proxy.url, 'GET', '/bff/app/projects', session);
    await call(proxy.url, 'GET', '/bff/app/projects', session);
    await call(proxy.url, 'GET', '/bff/app/projects', session);
    const after = await scrape(proxy.url);
    expect(count(after, 'bff_cache_misses_total') - count(before, 'bff_cache_misses_total')).toBe(1);
    expect(count(after, 'bff_cache_hits_total') - count(before, 'bff_cache_hits_total')).toBe(2);
  });

  it('shows a user their own write on the next read', async () => {
    const session = await registerUser(proxy.url);
    await call(proxy.url, 'GET', '/bff/app/tasks', session);
    const hit = await call(proxy.url, 'GET', '/bff/app/tasks', session);
    expect(hit.xCache).toBe('HIT');
    await call(proxy.url, 'POST', '/bff/app/tasks', session, { body: { name: 'written' } });
    const after = await call(proxy.url, 'GET', '/bff/app/tasks', session);
    expect(after.xCache).toBe('MISS');
    expect(taskNames(after.body)).toEqual(['written']);
  });

  it('never shows one user another user’s tasks, and always their own last write (seed 4242)', async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, () => registerUser(proxy.url)));
    const { reads, hits } = await interleavedReadsAndWrites([proxy.url], sessions, 4242, 20);
    expect(reads).toBeGreaterThan(50);
    expect(hits).toBeGreaterThan(0);
  });

  it('makes one upstream call for 100 concurrent identical GETs', async () => {
    const session = await registerUser(proxy.url);
    await setFaults(sandbox.coreUrl, { latencyMs: 300, paths: ['/api/goals'] });
    await resetCalls(sandbox.coreUrl);
    try {
      const replies = await Promise.all(
        Array.from({ length: 100 }, () => call(proxy.url, 'GET', '/bff/app/goals', session)),
      );
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      expect((await upstreamCalls(sandbox.coreUrl))['GET /api/goals']).toBe(1);
    } finally {
      await setFaults(sandbox.coreUrl, {});
    }
  });

  it('expires each data type after its own TTL', async () => {
    const session = await registerUser(proxy.url);
    for (const path of ['/bff/app/labels', '/bff/app/projects']) await call(proxy.url, 'GET', path, session);
    await sleep(1_200);
    expect((await call(proxy.url, 'GET', '/bff/app/labels', session)).xCache).toBe('MISS');
    expect((await call(proxy.url, 'GET', '/bff/app/projects', session)).xCache).toBe('HIT');
  });

  it('refetches and refreshes the entry for a client Cache-Control: no-cache', async () => {
    const session = await registerUser(proxy.url);
    await call(proxy.url, 'GET', '/bff/app/projects', session);
    // Written behind the gateway's back, so nothing invalidates the cached answer.
    await call(sandbox.coreUrl, 'POST', '/api/projects', session, { body: { name: 'Behind' } });
    const cached = await call(proxy.url, 'GET', '/bff/app/projects', session);
    expect(cached.xCache).toBe('HIT');
    expect(JSON.stringify(cached.body)).not.toContain('Behind');
    const fresh = await call(proxy.url, 'GET', '/bff/app/projects', session, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(fresh.xCache).toBe('BYPASS');
    expect(JSON.stringify(fresh.body)).toContain('Behind');
    const refreshed = await call(proxy.url, 'GET', '/bff/app/projects', session);
    expect(refreshed.xCache).toBe('HIT');
    expect(refreshed.body).toEqual(fresh.body);
  });

  it('serves an expired entry as STALE while the upstream fails or is down, and errors without one', async () => {
    const session = await registerUser(proxy.url);
    const original = await call(proxy.url, 'GET', '/bff/app/labels', session);
    await sleep(1_200);
    try {
      await setFaults(sandbox.coreUrl, { failStatus: 503, paths: ['/api/labels'] });
      const failing = await call(proxy.url, 'GET', '/bff/app/labels', session);
      expect([failing.status, failing.xCache]).toEqual([200, 'STALE']);
      expect(failing.body).toEqual(original.body);
      expect(Number(failing.headers.get('age'))).toBeGreaterThanOrEqual(1);
      await setFaults(sandbox.coreUrl, { mode: 'reset', paths: ['/api/labels'] });
      const down = await call(proxy.url, 'GET', '/bff/app/labels', session);
      expect([down.status, down.xCache]).toEqual([200, 'STALE']);
      const stranger = await registerUser(proxy.url);
      const uncached = await call(proxy.url, 'GET', '/bff/app/labels', stranger);
      expect(uncached.status).toBe(502);
      expect(uncached.body).toMatchObject({ error: 'upstream_unavailable' });
    } finally {
      await setFaults(sandbox.coreUrl, {});
    }
  });

  it('does not cache error answers', async () => {
    const session = await registerUser(proxy.url);
    await resetCalls(sandbox.coreUrl);
    const replies = [];
    for (let i = 0; i < 2; i++) replies.push(await call(proxy.url, 'GET', '/bff/app/goals/987654', session));
    expect(replies.map((reply) => [reply.status, reply.xCache])).toEqual([
      [404, 'MISS'],
      [404, 'MISS'],
    ]);
    expect((await upstreamCalls(sandbox.coreUrl))['GET /api/goals/987654']).toBe(2);
  });

  it('never lets an anonymous request reach the cache or the upstream', async () => {
    await resetCalls(sandbox.coreUrl);
    const anonymous = await call(proxy.url, 'GET', '/bff/app/projects', undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.xCache).toBeNull();
    expect((await upstreamCalls(sandbox.coreUrl))['GET /api/projects']).toBeUndefined();
  });

  it('gives a renewed session’s Set-Cookie to its own answer only, never to the cached copy', async () => {
    const session = await registerUser(proxy.url);
    const refreshOnly = { ...session, cookie: `goalixa_refresh=${session.refreshToken}` };
    const renewed = await call(proxy.url, 'GET', '/bff/app/projects', refreshOnly);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().join()).toContain('goalixa_access=');
    const next = await call(proxy.url, 'GET', '/bff/app/projects', session);
    expect(next.xCache).toBe('HIT');
    expect(next.headers.getSetCookie()).toEqual([]);
  });
});

describe('response cache with a breaker that opens', () => {
  let gateway: ProxyProcess;

  beforeAll(async () => {
    gateway = await startProxyProcess({
      AUTH_SERVICE_URL: sandbox.authUrl,
      APP_SERVICE_URL: sandbox.coreUrl,
      RATE_LIMIT_ENABLED: 'false',
      BREAKER_FAILURE_THRESHOLD: '2',
      CACHE_TTL_REMINDERS: '1',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers STALE while the circuit is open, without calling the upstream', async () => {
    const session = await registerUser(gateway.url);
    const original = await call(gateway.url, 'GET', '/bff/app/reminders', session);
    await sleep(1_200);
    try {
      await setFaults(sandbox.coreUrl, { failStatus: 503, paths: ['/api/reminders'] });
      for (let i = 0; i < 2; i++)
        expect((await call(gateway.url, 'GET', '/bff/app/reminders', session)).xCache).toBe('STALE');
      await resetCalls(sandbox.coreUrl);
      const open = await call(gateway.url, 'GET', '/bff/app/reminders', session);
      expect([open.status, open.xCache]).toEqual([200, 'STALE']);
      expect(open.body).toEqual(original.body);
      expect((await upstreamCalls(sandbox.coreUrl))['GET /api/reminders']).toBeUndefined();
    } finally {
      await setFaults(sandbox.coreUrl, {});
    }
  });
});
