import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from './harness/cache-client.js';
import {
  type GatewayWithSandbox,
  type ProxyProcess,
  type SandboxProcess,
  startGatewayWithSandbox,
  startProxyProcess,
} from './harness/processes.js';
import { registerUser, setFaults } from './harness/session.js';
import { type StubUpstream, startStubUpstream } from './harness/stub-upstream.js';

let gateway: GatewayWithSandbox;
let sandbox: SandboxProcess;
let proxy: ProxyProcess;

beforeAll(async () => {
  gateway = await startGatewayWithSandbox({
    RATE_LIMIT_ENABLED: 'false',
    BREAKER_FAILURE_THRESHOLD: '1000',
    AGGREGATE_PART_TIMEOUT_MS: '700',
  });
  ({ sandbox, proxy } = gateway);
});

afterEach(async () => {
  await Promise.all([setFaults(sandbox.coreUrl, {}), setFaults(sandbox.authUrl, {})]);
});

afterAll(() => gateway?.stop());

interface Envelope {
  status: string;
  data: Record<string, unknown>;
  errors: Record<string, { error: string; message: string; status?: number }>;
  timestamp: string;
  error?: string;
}

const partsOf = {
  dashboard: ['tasks', 'projects', 'goals', 'habits', 'todos', 'user'],
  planner: ['habits', 'todos', 'goals'],
  reports: ['summary', 'tasks', 'projects'],
  overview: ['user', 'tasks', 'summary'],
};

/** For each aggregate: a Core path whose failure makes it partial, and one that makes it fail. */
const failures = {
  dashboard: { partial: ['/api/todos'], error: ['/api/'] },
  planner: { partial: ['/api/todos'], error: ['/api/'] },
  reports: { partial: ['/api/projects'], error: ['/api/reports/summary'] },
  overview: { partial: ['/api/tasks'], error: ['/api/reports/summary'] },
} as const;

async function aggregate(name: string, query = '', headers: Record<string, string> = {}) {
  const session = await registerUser(proxy.url);
  const reply = await call(proxy.url, 'GET', `/bff/aggregate/${name}${query}`, session, { headers });
  return { session, reply, envelope: reply.body as Envelope };
}

describe.each(Object.keys(partsOf) as (keyof typeof partsOf)[])('GET /bff/aggregate/%s', (name) => {
  it('answers success with every part’s upstream payload and an ISO-8601 timestamp', async () => {
    const { reply, envelope } = await aggregate(name);
    expect(reply.status).toBe(200);
    expect(envelope.status).toBe('success');
    expect(Object.keys(envelope.data).sort()).toEqual([...partsOf[name]].sort());
    expect(Object.values(envelope.data).every((data) => data !== null)).toBe(true);
    expect(envelope.errors).toEqual({});
    expect(new Date(envelope.timestamp).toISOString()).toBe(envelope.timestamp);
  });

  it('answers 200 partial with null data and the failure under the failed optional part', async () => {
    await setFaults(sandbox.coreUrl, { failStatus: 500, paths: [...failures[name].partial] });
    const { reply, envelope } = await aggregate(name);
    expect(reply.status).toBe(200);
    expect(envelope.status).toBe('partial');
    const failed = Object.keys(envelope.errors);
    expect(failed).toHaveLength(1);
    expect(envelope.data[failed[0]]).toBeNull();
    expect(envelope.errors[failed[0]]).toMatchObject({ error: 'upstream_error', status: 500 });
  });

  it('answers 502 aggregate_failed when a required part or every part fails', async () => {
    await setFaults(sandbox.coreUrl, { failStatus: 503, paths: [...failures[name].error] });
    await setFaults(sandbox.authUrl, { failStatus: 503, paths: ['/api/me'] });
    const { reply, envelope } = await aggregate(name);
    expect(reply.status).toBe(502);
    expect(envelope).toMatchObject({ error: 'aggregate_failed', status: 'error' });
    expect(typeof (reply.body as { message: unknown }).message).toBe('string');
    expect(Object.keys(envelope.errors).length).toBeGreaterThan(0);
  });
});

describe('aggregates', () => {
  it('puts the verified user’s own /me in the dashboard, cached per user and invalidated by their writes', async () => {
    const { session, reply, envelope } = await aggregate('dashboard');
    expect(reply.xCache).toBe('MISS');
    expect(envelope.data.user).toMatchObject({ authenticated: true, user: { email: session.email } });
    const again = await call(proxy.url, 'GET', '/bff/aggregate/dashboard', session);
    expect(again.xCache).toBe('HIT');
    await call(proxy.url, 'POST', '/bff/app/tasks', session, { body: { name: 'fresh task' } });
    const after = await call(proxy.url, 'GET', '/bff/aggregate/dashboard', session);
    expect(after.xCache).toBe('MISS');
    expect(JSON.stringify((after.body as Envelope).data.tasks)).toContain('fresh task');
    const other = await aggregate('dashboard');
    expect(JSON.stringify(other.envelope)).not.toContain(session.email);
  });

  it('forwards the report range to the summary part', async () => {
    const { envelope } = await aggregate('reports', '?start=2026-03-02&end=2026-03-08&group=labels&junk=1');
    expect((envelope.data.summary as { summary: unknown[] }).summary).toHaveLength(7);
  });

  it('passes Core’s timer dashboard through unchanged, with the query', async () => {
    const query = '?start=2026-03-02&end=2026-03-04';
    const { session, reply } = await aggregate('timer-dashboard', query);
    const direct = await call(sandbox.coreUrl, 'GET', `/api/timer/dashboard${query}`, session);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(direct.body);
    await setFaults(sandbox.coreUrl, { failStatus: 401, paths: ['/api/timer'] });
    const refused = await call(proxy.url, 'GET', `/bff/aggregate/timer-dashboard${query}`, session, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(refused.status).toBe(401);
  });

  it('reports a part that exceeds its timeout as upstream_timeout, without waiting for it', async () => {
    await setFaults(sandbox.coreUrl, { mode: 'hang', paths: ['/api/todos'] });
    const started = performance.now();
    const { reply, envelope } = await aggregate('planner');
    expect(reply.status).toBe(200);
    expect(envelope.errors.todos).toMatchObject({ error: 'upstream_timeout' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('takes as long as the slowest part, not the sum of all six', async () => {
    const session = await registerUser(proxy.url);
    await call(proxy.url, 'GET', '/bff/aggregate/dashboard', session);
    await setFaults(sandbox.coreUrl, { latencyMs: 200 });
    await setFaults(sandbox.authUrl, { latencyMs: 200, paths: ['/api/me'] });
    const started = performance.now();
    const reply = await call(proxy.url, 'GET', '/bff/aggregate/dashboard', session, {
      headers: { 'cache-control': 'no-cache' },
    });
    const elapsed = performance.now() - started;
    expect((reply.body as Envelope).status).toBe('success');
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(400);
  });
});

describe('aggregates and a client that leaves', () => {
  let stub: StubUpstream;
  let gateway: ProxyProcess;
  let closedEarly = 0;

  beforeAll(async () => {
    stub = await startStubUpstream((_req, res) => {
      res.on('close', () => {
        if (!res.writableEnded) closedEarly++;
      });
    });
    gateway = await startProxyProcess({
      AUTH_SERVICE_URL: sandbox.authUrl,
      APP_SERVICE_URL: stub.url,
      RATE_LIMIT_ENABLED: 'false',
      AGGREGATE_PART_TIMEOUT_MS: '20000',
      AGGREGATE_TIMEOUT_MS: '20000',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await stub?.close();
  });

  it('aborts the upstream calls still in flight', async () => {
    const session = await registerUser(gateway.url);
    const client = new AbortController();
    const request = fetch(`${gateway.url}/bff/aggregate/dashboard`, {
      headers: { cookie: session.cookie },
      signal: client.signal,
    }).catch(() => undefined);
    for (let i = 0; i < 100 && stub.received.length < 5; i++) await sleep(20);
    expect(stub.received.map((r) => r.url).sort()).toEqual(
      ['/api/goals', '/api/habits', '/api/projects', '/api/tasks', '/api/todos'].sort(),
    );
    client.abort();
    await request;
    for (let i = 0; i < 100 && closedEarly < 5; i++) await sleep(20);
    expect(closedEarly).toBe(5);
  });
});
