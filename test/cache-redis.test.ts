import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, interleavedReadsAndWrites, taskNames } from './harness/cache-client.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { type RedisServer, startRedisServer } from './harness/redis.js';
import { registerUser, resetCalls, setFaults, upstreamCalls } from './harness/session.js';

/** Two proxy pods sharing the Redis store — a redis-server of this file's own, so it can be killed. */
let redis: RedisServer;
let sandbox: SandboxProcess;
let podA: ProxyProcess;
let podB: ProxyProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = await startSandboxProcess();
  const env = {
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    RATE_LIMIT_ENABLED: 'false',
    REDIS_ENABLED: 'true',
    REDIS_URL: redis.url(0),
    // These tests are about sharing and outages; on a loaded CI machine the 50 ms default would
    // turn the odd slow reply into a miss. A killed server fails commands at once either way.
    REDIS_COMMAND_TIMEOUT_MS: '1000',
  };
  [podA, podB] = await Promise.all([startProxyProcess(env), startProxyProcess(env)]);
});

afterAll(async () => {
  await Promise.all([podA?.stop(), podB?.stop()]);
  await sandbox?.stop();
  await redis?.stop();
});

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('response cache (Redis store, two pods)', () => {
  it('shows a write made through one pod on the next read through the other', async () => {
    const session = await registerUser(podA.url);
    for (let round = 0; round < 5; round++) {
      await call(podA.url, 'GET', '/bff/app/tasks', session);
      expect((await call(podA.url, 'GET', '/bff/app/tasks', session)).xCache).toBe('HIT');
      await call(podB.url, 'POST', '/bff/app/tasks', session, { body: { name: `round-${round}` } });
      const read = await call(podA.url, 'GET', '/bff/app/tasks', session);
      expect(read.xCache).toBe('MISS');
      expect(taskNames(read.body)).toContain(`round-${round}`);
    }
  });

  it('shares entries between pods', async () => {
    const session = await registerUser(podA.url);
    expect((await call(podA.url, 'GET', '/bff/app/projects', session)).xCache).toBe('MISS');
    expect((await call(podB.url, 'GET', '/bff/app/projects', session)).xCache).toBe('HIT');
  });

  it('never shows one user another user’s tasks across pods, and always their own last write (seed 777)', async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, () => registerUser(podA.url)));
    const { reads, hits } = await interleavedReadsAndWrites([podA.url, podB.url], sessions, 777, 20);
    expect(reads).toBeGreaterThan(50);
    expect(hits).toBeGreaterThan(0);
  });

  it('makes one upstream call for 100 concurrent identical GETs on a pod', async () => {
    const session = await registerUser(podA.url);
    await setFaults(sandbox.coreUrl, { latencyMs: 300, paths: ['/api/goals'] });
    await resetCalls(sandbox.coreUrl);
    try {
      const replies = await Promise.all(
        Array.from({ length: 100 }, () => call(podA.url, 'GET', '/bff/app/goals', session)),
      );
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      expect((await upstreamCalls(sandbox.coreUrl))['GET /api/goals']).toBe(1);
    } finally {
      await setFaults(sandbox.coreUrl, {});
    }
  });

  it('serves an entry it keeps near while Redis stalls, and forgets it on another pod’s write', async () => {
    const session = await registerUser(podA.url);
    let read = await call(podA.url, 'GET', '/bff/app/tasks', session);
    for (let attempt = 0; attempt < 20 && read.xCache !== 'HIT'; attempt++)
      read = await call(podA.url, 'GET', '/bff/app/tasks', session);
    expect(read.xCache).toBe('HIT');
    const metrics = await (await fetch(`${podA.url}/metrics`)).text();
    expect(metrics).toMatch(/bff_cache_near_copy_tracking\{[^}]*\} 1\n/);
    expect(metrics).toMatch(/bff_cache_near_copy_bytes\{[^}]*\} [1-9]/);
    redis.stall(true);
    try {
      // Asking Redis would time out (1 s) and go upstream: a HIT can only come from the near copy.
      const stalled = await call(podA.url, 'GET', '/bff/app/tasks', session);
      expect(stalled.xCache).toBe('HIT');
      expect(stalled.body).toEqual(read.body);
    } finally {
      redis.stall(false);
    }
    await call(podB.url, 'POST', '/bff/app/tasks', session, { body: { name: 'near-copy-dropped' } });
    const after = await call(podA.url, 'GET', '/bff/app/tasks', session);
    expect(after.xCache).toBe('MISS');
    expect(taskNames(after.body)).toContain('near-copy-dropped');
  });

  it('reports Redis in the deep health check', async () => {
    const deep = await call(podA.url, 'GET', '/health/deep', undefined);
    expect(deep.body).toMatchObject({ checks: { redis: { status: 'up' } } });
  });

  it('keeps answering while Redis is killed and restarted, then uses the cache again', async () => {
    const session = await registerUser(podA.url);
    const logMark = podA.output().length;
    const statuses: number[] = [];
    let running = true;
    const worker = async (index: number) => {
      for (let i = 0; running && i < 300; i++) {
        const write = i % 7 === index;
        const reply = write
          ? await call(podA.url, 'POST', '/bff/app/tasks', session, { body: { name: `w${index}-${i}` } })
          : await call(podA.url, 'GET', '/bff/app/tasks', session);
        statuses.push(reply.status);
        await sleep(5);
      }
    };
    const traffic = Promise.all([0, 1, 2, 3].map(worker));
    await sleep(300);
    await redis.kill();
    await sleep(300);
    const deep = await call(podA.url, 'GET', '/health/deep', undefined);
    expect(deep.status).toBe(503);
    expect(deep.body).toMatchObject({ checks: { redis: { status: 'down' } } });
    await sleep(300);
    await redis.restart();
    await sleep(500);
    running = false;
    await traffic;

    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    let cached = false;
    for (let attempt = 0; attempt < 50 && !cached; attempt++) {
      await call(podA.url, 'GET', '/bff/app/projects', session);
      cached = (await call(podA.url, 'GET', '/bff/app/projects', session)).xCache === 'HIT';
      if (!cached) await sleep(100);
    }
    expect(cached).toBe(true);
    // Log lines reach stdout asynchronously: keep the pod busy until the recovery line shows.
    const log = () => podA.output().slice(logMark);
    for (let i = 0; i < 200 && !log().includes('cache store available again'); i++)
      await call(podA.url, 'GET', '/health', undefined);
    expect(occurrences(log(), 'cache store unavailable')).toBe(1);
    expect(occurrences(log(), 'cache store available again')).toBe(1);
    const metrics = await (await fetch(`${podA.url}/metrics`)).text();
    expect(metrics).toMatch(/bff_cache_errors_total\{[^}]*operation="get"[^}]*\} [1-9]/);
  });
});
