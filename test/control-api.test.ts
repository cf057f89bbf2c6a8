import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMetricSummary, type PodHeartbeat } from '../shared/control-api/index.js';
import type { PolicyDocument } from '../shared/policy/schema.js';
import { cacheKeys, redisChannels, redisKeys } from '../shared/redis/keys.js';
import { type ProxyProcess, startControlProcess, testAdminToken } from './harness/processes.js';
import { type RedisServer, startRedisServer } from './harness/redis-server.js';

let redisServer: RedisServer;
let redis: Redis;
let control: ProxyProcess;

const admin = (path: string, init: RequestInit = {}, token = testAdminToken) =>
  fetch(`${control.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-operator': 'suite',
      ...init.headers,
    },
  });
const send = (method: string, path: string, body: unknown) =>
  admin(path, { method, body: JSON.stringify(body) });

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url);
  control = await startControlProcess({ REDIS_URL: redisServer.url });
});

afterAll(async () => {
  await control?.stop();
  redis?.disconnect();
  await redisServer?.kill();
});

describe('control admin API: authentication', () => {
  it.each([
    ['no token', undefined],
    ['a wrong token', `Bearer ${'x'.repeat(48)}`],
    ['a token with a wrong prefix', `Basic ${testAdminToken}`],
  ])('answers 401 admin_unauthorized with %s', async (_name, authorization) => {
    const response = await fetch(`${control.url}/v1/policy`, {
      headers: authorization ? { authorization } : {},
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'admin_unauthorized' });
  });

  it('leaves /health and /metrics open', async () => {
    const health = await fetch(`${control.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', redis: 'up' });
    const metrics = await (await fetch(`${control.url}/metrics`)).text();
    expect(metrics).toContain('bff_control_policy_version');
    expect(metrics).toContain('bff_control_pods_live');
  });
});

describe('control admin API: policy', () => {
  it('serves the env defaults as version 0 before anything was stored', async () => {
    const policy = (await (await admin('/v1/policy')).json()) as PolicyDocument;
    expect(policy).toMatchObject({
      version: 0,
      rateLimits: { enabled: true, default: { limit: 100, periodSeconds: 60 } },
      breakers: {
        app_service: { failureThreshold: 5, resetTimeoutMs: 30_000, halfOpenMaxCalls: 3, forced: null },
      },
      cacheTtls: {},
    });
  });

  it('gives every accepted change the next version, its time and its author, and announces it', async () => {
    const listener = new Redis(redisServer.url);
    const announced = new Promise<string>((resolve) =>
      listener.on('message', (_c, message) => resolve(message)),
    );
    await listener.subscribe(redisChannels.policy);
    const before = (await (await admin('/v1/policy')).json()) as PolicyDocument;
    const response = await send('PATCH', '/v1/policy', {
      rateLimits: { users: { '42': { limit: 5, periodSeconds: 10 } } },
    });
    expect(response.status).toBe(200);
    const after = (await response.json()) as PolicyDocument;
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedBy).toBe('suite');
    expect(Date.parse(after.updatedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(after.rateLimits.users['42']).toEqual({ limit: 5, periodSeconds: 10 });
    expect(JSON.parse(await announced)).toMatchObject({ version: after.version });
    expect(JSON.parse((await redis.get(redisKeys.policy)) ?? '{}')).toEqual(after);
    listener.disconnect();

    const removed = (await (
      await send('PATCH', '/v1/policy', { rateLimits: { users: { '42': null } } })
    ).json()) as PolicyDocument;
    expect(removed.rateLimits.users).toEqual({});
    expect(removed.version).toBe(after.version + 1);
  });

  it('accepts a fetched document back unchanged with PUT (server-set fields are ignored)', async () => {
    const current = (await (await admin('/v1/policy')).json()) as PolicyDocument;
    const response = await send('PUT', '/v1/policy', { ...current, cacheTtls: { tasks: 30 } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ version: current.version + 1, cacheTtls: { tasks: 30 } });
  });

  it('rejects an invalid policy with 400 naming every bad field, and leaves the live policy unchanged', async () => {
    const live = await redis.get(redisKeys.policy);
    const response = await send('PATCH', '/v1/policy', {
      rateLimits: { default: { limit: 0, periodSeconds: 60 } },
      breakers: { app_service: { forced: 'SIDEWAYS' }, billing_service: {} },
      cacheTtls: { tasks: -1 },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; fields: { path: string; reason: string }[] };
    expect(body.error).toBe('validation_failed');
    expect(body.fields.map((field) => field.path).sort()).toEqual([
      'breakers.app_service.forced',
      'breakers.billing_service',
      'cacheTtls.tasks',
      'rateLimits.default.limit',
    ]);
    expect(body.fields.every((field) => field.reason.length > 0)).toBe(true);
    expect(await redis.get(redisKeys.policy)).toBe(live);

    const notJson = await admin('/v1/policy', { method: 'PUT', body: '{"rateLimits":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'invalid_json' });
    expect(await redis.get(redisKeys.policy)).toBe(live);
  });
});

describe('control admin API: breakers, pods, cache, metrics', () => {
  it('forces a breaker open with a TTL, closes it, resets it; an unknown service is 404', async () => {
    const opened = await send('POST', '/v1/breakers/app_service/open', { ttlSeconds: 60 });
    expect(opened.status).toBe(200);
    const body = (await opened.json()) as { breaker: { forced: string; forcedUntil: string } };
    expect(body.breaker.forced).toBe('OPEN');
    expect(Date.parse(body.breaker.forcedUntil) - Date.now()).toBeGreaterThan(50_000);

    const closed = (await (await send('POST', '/v1/breakers/app_service/close', {})).json()) as typeof body;
    expect(closed.breaker).toMatchObject({ forced: 'CLOSED', forcedUntil: null });

    const reset = (await (await admin('/v1/breakers/app_service/reset', { method: 'POST' })).json()) as {
      breaker: { forced: null; resetAt: string };
    };
    expect(reset.breaker.forced).toBeNull();
    expect(reset.breaker.resetAt).not.toBeNull();

    const unknown = await send('POST', '/v1/breakers/billing_service/open', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_service' });
  });

  it('lists live pods from their heartbeat keys and sums their metrics', async () => {
    const beat = (podId: string, requestsPerSecond: number): PodHeartbeat => ({
      podId,
      address: '127.0.0.1:1',
      version: 'test',
      started: new Date().toISOString(),
      lastHeartbeat: new Date().toISOString(),
      policyVersion: 3,
      redis: 'up',
      breakers: {
        app_service: { state: 'CLOSED', failures: 0, lastFailure: null, forced: null, forcedUntil: null },
      },
      metrics: { ...emptyMetricSummary(5), requestsPerSecond, latencyBuckets: [[0.01, 10]] },
    });
    await redis.set(redisKeys.pod('pod-a'), JSON.stringify(beat('pod-a', 2)), 'PX', 10_000);
    await redis.set(redisKeys.pod('pod-b'), JSON.stringify(beat('pod-b', 3)), 'PX', 10_000);

    const pods = (await (await admin('/v1/pods')).json()) as { pods: PodHeartbeat[] };
    expect(pods.pods.map((pod) => pod.podId)).toEqual(['pod-a', 'pod-b']);

    const summary = (await (await admin('/v1/metrics/summary')).json()) as {
      total: { pods: number; requestsPerSecond: number; p50Ms: number; breakers: Record<string, string> };
    };
    expect(summary.total).toMatchObject({
      pods: 2,
      requestsPerSecond: 5,
      breakers: { app_service: 'CLOSED:2' },
    });
    expect(summary.total.p50Ms).toBeGreaterThan(0);

    const breakers = (await (await admin('/v1/breakers')).json()) as {
      services: Record<string, { summary: { state: string; closed: number } }>;
    };
    expect(breakers.services.app_service.summary).toMatchObject({ state: 'CLOSED', closed: 2 });
    await redis.del(redisKeys.pod('pod-a'), redisKeys.pod('pod-b'));
  });

  it("invalidates one user's cache entries, or the entries matching a pattern, and says how many went", async () => {
    await redis.set(cacheKeys.generation('7'), '2');
    await redis.set(cacheKeys.entry('7', 2, 'tasks'), '{}');
    await redis.set(cacheKeys.entry('7', 2, 'goals'), '{}');
    await redis.set(cacheKeys.entry('8', 0, 'tasks'), '{}');
    await redis.set(redisKeys.policy.concat(':unrelated'), 'x');

    const byUser = await send('POST', '/v1/cache/invalidate', { userId: '7' });
    expect(await byUser.json()).toEqual({ deleted: 2 });
    expect(await redis.get(cacheKeys.generation('7'))).toBe('3');

    const byPattern = await send('POST', '/v1/cache/invalidate', { pattern: '*:tasks' });
    expect(await byPattern.json()).toEqual({ deleted: 1 });
    expect(await redis.exists(redisKeys.policy.concat(':unrelated'))).toBe(1);

    const invalid = await send('POST', '/v1/cache/invalidate', { userId: '7', pattern: '*' });
    expect(invalid.status).toBe(400);
  });
});
