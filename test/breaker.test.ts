import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { registerUser, resetCalls, type Session, setFaults, upstreamCalls } from './harness/session.js';

/**
 * Circuit breakers against real processes. Writes (POST /tasks) drive the breaker because they are
 * never cached or retried, so each client request is exactly one upstream call.
 */
const resetTimeoutMs = 1_000;
const createTask = 'POST /api/tasks';

let sandbox: SandboxProcess;
/** Stays open for a minute once opened: for the open-state assertions. */
let slow: ProxyProcess;
/** Turns half-open after a second: for trials and recovery. */
let quick: ProxyProcess;
let session: Session;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  const common = {
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    RATE_LIMIT_ENABLED: 'false',
    BREAKER_FAILURE_THRESHOLD: '5',
    BREAKER_HALF_OPEN_MAX_CALLS: '3',
  };
  [slow, quick] = await Promise.all([
    startProxyProcess({ ...common, BREAKER_RESET_TIMEOUT_MS: '60000' }),
    startProxyProcess({ ...common, BREAKER_RESET_TIMEOUT_MS: String(resetTimeoutMs) }),
  ]);
  session = await registerUser(slow.url);
});

afterAll(async () => {
  await Promise.all([slow?.stop(), quick?.stop()]);
  await sandbox?.stop();
});

beforeEach(async () => {
  await setFaults(sandbox.coreUrl, {});
  await resetCalls(sandbox.coreUrl);
});

const addTask = (proxy: ProxyProcess) =>
  fetch(`${proxy.url}/bff/app/tasks`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'breaker probe' }),
  });

async function statuses(proxy: ProxyProcess, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await addTask(proxy)).status);
  return seen;
}

async function breakerOf(proxy: ProxyProcess) {
  const response = await fetch(`${proxy.url}/health/circuit-breaker/status`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<
    string,
    { state: string; failures: number; last_failure: string | null }
  >;
  return body.app_service;
}

async function calls(): Promise<number> {
  return (await upstreamCalls(sandbox.coreUrl))[createTask] ?? 0;
}

async function openBreaker(proxy: ProxyProcess): Promise<void> {
  await setFaults(sandbox.coreUrl, { failStatus: 500 });
  expect(await statuses(proxy, 5)).toEqual([500, 500, 500, 500, 500]);
  expect((await breakerOf(proxy)).state).toBe('OPEN');
  await setFaults(sandbox.coreUrl, {});
  await resetCalls(sandbox.coreUrl);
}

describe('circuit breaker, open state', () => {
  it('never opens on 4xx answers, however many', async () => {
    await setFaults(sandbox.coreUrl, { failStatus: 404 });
    expect(new Set(await statuses(slow, 12))).toEqual(new Set([404]));
    expect(await breakerOf(slow)).toMatchObject({ state: 'CLOSED', failures: 0 });
  });

  it('opens on the fifth consecutive 5xx and then answers 503 without calling the upstream', async () => {
    await setFaults(sandbox.coreUrl, { failStatus: 502 });
    expect(await statuses(slow, 4)).toEqual([502, 502, 502, 502]);
    expect(await breakerOf(slow)).toMatchObject({ state: 'CLOSED', failures: 4 });
    expect((await addTask(slow)).status).toBe(502);
    const open = await breakerOf(slow);
    expect(open).toMatchObject({ state: 'OPEN', failures: 5 });
    expect(new Date(open.last_failure ?? '').toISOString()).toBe(open.last_failure);
    expect(await calls()).toBe(5);

    const rejected = await addTask(slow);
    expect(rejected.status).toBe(503);
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
    expect(await rejected.json()).toMatchObject({
      error: 'upstream_circuit_open',
      service: 'app_service',
      retry_after: Number(rejected.headers.get('retry-after')),
    });
    expect(await calls()).toBe(5);
  });

  it('fails fast while open: no upstream call, median well under 50 ms', async () => {
    await resetCalls(sandbox.coreUrl);
    await setFaults(sandbox.coreUrl, { latencyMs: 2_000 });
    const durations: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      expect((await addTask(slow)).status).toBe(503);
      durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    expect(durations[durations.length / 2]).toBeLessThan(50);
    expect(await calls()).toBe(0);
  });

  it('publishes the state per service on the status endpoint and the gauge', async () => {
    const response = await fetch(`${slow.url}/health/circuit-breaker/status`);
    const body = (await response.json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body).sort()).toEqual(['app_service', 'auth_service']);
    for (const breaker of Object.values(body)) {
      expect(['CLOSED', 'OPEN', 'HALF_OPEN']).toContain(breaker.state);
      expect(typeof breaker.failures).toBe('number');
      expect(breaker.last_failure === null || typeof breaker.last_failure === 'string').toBe(true);
    }
    expect(body.auth_service).toMatchObject({ state: 'CLOSED', failures: 0, last_failure: null });
    const metrics = await (await fetch(`${slow.url}/metrics`)).text();
    expect(metrics).toMatch(/^bff_circuit_breaker_state\{[^}]*service="app_service"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^bff_circuit_breaker_state\{[^}]*service="auth_service"[^}]*\} 0$/m);
  });
});

/** Waits (bounded) for the reset timeout to turn an open breaker half-open by itself. */
async function halfOpen(proxy: ProxyProcess): Promise<void> {
  const started = Date.now();
  while ((await breakerOf(proxy)).state === 'OPEN' && Date.now() - started < resetTimeoutMs * 3)
    await sleep(50);
  expect((await breakerOf(proxy)).state).toBe('HALF_OPEN');
}

/** Brings a breaker a previous test left open back to CLOSED the way clients would: a good trial. */
async function closeBreaker(proxy: ProxyProcess): Promise<void> {
  for (let waited = 0; waited < resetTimeoutMs * 3; waited += 50) {
    const state = (await breakerOf(proxy)).state;
    if (state === 'CLOSED') break;
    if (state === 'HALF_OPEN') await addTask(proxy);
    else await sleep(50);
  }
  expect((await breakerOf(proxy)).state).toBe('CLOSED');
  await resetCalls(sandbox.coreUrl);
}

describe('circuit breaker, half-open and recovery', () => {
  beforeEach(() => closeBreaker(quick));

  it('turns half-open after the reset timeout and closes on a successful trial', async () => {
    await openBreaker(quick);
    await halfOpen(quick);
    expect((await addTask(quick)).status).toBe(200);
    expect(await breakerOf(quick)).toMatchObject({ state: 'CLOSED', failures: 0 });
    expect(await calls()).toBe(1);
  });

  it('counts dropped connections as failures too', async () => {
    await setFaults(sandbox.coreUrl, { mode: 'reset' });
    expect(await statuses(quick, 5)).toEqual([502, 502, 502, 502, 502]);
    expect(await breakerOf(quick)).toMatchObject({ state: 'OPEN', failures: 5 });
    expect((await addTask(quick)).status).toBe(503);
    expect(await calls()).toBe(5);
  });

  it('re-opens on a failed trial', async () => {
    await openBreaker(quick);
    await halfOpen(quick);
    await setFaults(sandbox.coreUrl, { failStatus: 503 });
    expect((await addTask(quick)).status).toBe(503);
    expect((await breakerOf(quick)).state).toBe('OPEN');
    const rejected = await addTask(quick);
    expect(await rejected.json()).toMatchObject({ error: 'upstream_circuit_open' });
    expect(await calls()).toBe(1);
  });

  it('admits exactly three trials at once and fails the rest fast', async () => {
    await openBreaker(quick);
    await halfOpen(quick);
    await setFaults(sandbox.coreUrl, { latencyMs: 1_500 });
    const trials = [addTask(quick), addTask(quick), addTask(quick)];
    for (let waited = 0; (await calls()) < 3 && waited < 5_000; waited += 20) await sleep(20);
    expect(await calls()).toBe(3);

    const started = performance.now();
    const extra = await addTask(quick);
    expect(performance.now() - started).toBeLessThan(500);
    expect(extra.status).toBe(503);
    expect(extra.headers.get('retry-after')).toBe('1');
    expect((await breakerOf(quick)).state).toBe('HALF_OPEN');

    expect((await Promise.all(trials)).map((response) => response.status)).toEqual([200, 200, 200]);
    expect((await breakerOf(quick)).state).toBe('CLOSED');
    expect(await calls()).toBe(3);
  });
});
