import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { type Exposition, familySamples, scrape, seriesKeys } from './harness/prometheus.js';
import { registerUser } from './harness/session.js';

const podName = 'metrics-test-pod';

/** Every metric the issue names: its type and the labels its samples may carry (besides `pod`). */
const expectedFamilies = {
  bff_requests_total: { type: 'counter', labels: ['method', 'route', 'status'] },
  bff_request_duration_seconds: { type: 'histogram', labels: ['method', 'route', 'le'] },
  bff_backend_requests_total: { type: 'counter', labels: ['service', 'outcome'] },
  bff_backend_duration_seconds: { type: 'histogram', labels: ['service', 'le'] },
  bff_circuit_breaker_state: { type: 'gauge', labels: ['service'] },
  bff_cache_hits_total: { type: 'counter', labels: ['type'] },
  bff_cache_misses_total: { type: 'counter', labels: ['type'] },
  bff_rate_limited_total: { type: 'counter', labels: ['key'] },
} as const;

let sandbox: SandboxProcess;
let proxy: ProxyProcess;
let afterTraffic: Exposition;

/** Sum of the samples of `name` whose labels include `labels`. */
function sampleSum(exposition: Exposition, name: string, labels: Record<string, string>): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  proxy = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    POD_NAME: podName,
    // The flood below must meet the route matcher, not the rate limiter.
    RATE_LIMIT: '1000000/min',
  });
  const session = await registerUser(proxy.url);
  const signedIn = { cookie: session.cookie, 'content-type': 'application/json' };
  const calls = [
    fetch(`${proxy.url}/bff/app/tasks`, { headers: signedIn }),
    fetch(`${proxy.url}/app/tasks`, { headers: signedIn }),
    fetch(`${proxy.url}/bff/app/projects`, { headers: signedIn }),
    fetch(`${proxy.url}/bff/app/tasks`, {
      method: 'POST',
      headers: signedIn,
      body: JSON.stringify({ name: 'Measure everything' }),
    }),
    fetch(`${proxy.url}/bff/no-such-route`),
    fetch(`${proxy.url}/bff/app/tasks`),
  ];
  const statuses = await Promise.all(calls.map(async (call) => (await call).status));
  expect(statuses).toEqual([200, 200, 200, 200, 404, 401]);
  afterTraffic = await scrape(proxy.url);
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.stop();
});

describe('proxy /metrics', () => {
  it('declares every gateway metric with its type, and samples carry only their bounded labels', () => {
    for (const [family, expected] of Object.entries(expectedFamilies)) {
      expect(afterTraffic.types.get(family), family).toBe(expected.type);
      for (const sample of familySamples(afterTraffic, family)) {
        const allowed = [...expected.labels, 'pod'];
        for (const label of Object.keys(sample.labels))
          expect(allowed, `${family} ${label}`).toContain(label);
        expect(sample.labels.pod).toBe(podName);
      }
    }
  });

  it('counts requests by method, route template (both prefixes share one), and status', () => {
    const requests = (method: string, route: string, status: string) =>
      sampleSum(afterTraffic, 'bff_requests_total', { method, route, status });
    expect(requests('GET', '/app/tasks', '200')).toBe(2);
    expect(requests('GET', '/app/projects', '200')).toBe(1);
    expect(requests('POST', '/app/tasks', '200')).toBe(1);
    expect(requests('POST', '/auth/register', '200')).toBe(1);
    expect(requests('GET', '/app/tasks', '401')).toBe(1);
    expect(requests('ANY', 'unmatched', '404')).toBe(1);
    expect(
      sampleSum(afterTraffic, 'bff_request_duration_seconds_count', { method: 'GET', route: '/app/tasks' }),
    ).toBe(3);
  });

  it('counts upstream calls by service and outcome, and times them', () => {
    expect(
      sampleSum(afterTraffic, 'bff_backend_requests_total', { service: 'auth_service', outcome: '200' }),
    ).toBe(1);
    expect(
      sampleSum(afterTraffic, 'bff_backend_requests_total', { service: 'app_service', outcome: '200' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sampleSum(afterTraffic, 'bff_backend_duration_seconds_count', { service: 'app_service' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('includes the default process metrics', () => {
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(afterTraffic.types.has(name), name).toBe(true);
  });

  it('adds no series for 10,000 requests to distinct unknown paths', async () => {
    const unknownPaths = [
      (i: number) => `/no-such-route-${i}`,
      (i: number) => `/bff/app/unknown-${i}`,
      (i: number) => `/app/tasks/${i}/no-such-action`,
    ];
    const pool = new Pool(proxy.url, { connections: 50, pipelining: 1 });
    const send = async (path: string) => {
      const { statusCode, body } = await pool.request({ method: 'GET', path });
      await body.dump();
      return statusCode;
    };
    try {
      for (const pathOf of unknownPaths) expect(await send(pathOf(0))).toBe(404);
      await scrape(proxy.url);
      const before = await scrape(proxy.url);
      const total = 10_000;
      let next = 0;
      const worker = async () => {
        while (next < total) {
          const i = next++;
          expect(await send(unknownPaths[i % unknownPaths.length](i + 1))).toBe(404);
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      const after = await scrape(proxy.url);
      expect([...seriesKeys(after, 'bff_')].sort()).toEqual([...seriesKeys(before, 'bff_')].sort());
      const unmatched = { method: 'ANY', route: 'unmatched', status: '404' };
      expect(
        sampleSum(after, 'bff_requests_total', unmatched) -
          sampleSum(before, 'bff_requests_total', unmatched),
      ).toBe(total);
    } finally {
      await pool.close();
    }
  });
});
