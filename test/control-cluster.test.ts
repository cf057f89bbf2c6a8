import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSummaryResponse, PodsResponse } from '../shared/control-api/index.js';
import { redisKeys } from '../shared/redis/keys.js';
import { eventually } from './harness/eventually.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startControlProcess,
  startProxyProcess,
  startSandboxProcess,
  testAdminToken,
} from './harness/processes.js';
import { type RedisServer, startRedisServer } from './harness/redis-server.js';
import { registerUser, type Session, setFaults } from './harness/session.js';

let redisServer: RedisServer;
let redis: Redis;
let sandbox: SandboxProcess;
let control: ProxyProcess;
let pods: ProxyProcess[];
let user: Session;
let userId: string;

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${control.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const limitOn = async (pod: ProxyProcess) => (await fetch(`${pod.url}/`)).headers.get('x-ratelimit-limit');
const tasks = (pod: ProxyProcess, session: Session = user) =>
  fetch(`${pod.url}/bff/app/tasks`, { headers: { cookie: session.cookie } });
const createTask = (pod: ProxyProcess) =>
  fetch(`${pod.url}/bff/app/tasks`, {
    method: 'POST',
    headers: { cookie: user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'breaker probe' }),
  });

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url);
  redis.on('error', () => {});
  sandbox = await startSandboxProcess();
  control = await startControlProcess({ REDIS_URL: redisServer.url });
  const podEnv = {
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    REDIS_ENABLED: 'true',
    REDIS_URL: redisServer.url,
    // Generous on a loaded machine: a slow answer would move a decision to the local limiter.
    REDIS_COMMAND_TIMEOUT_MS: '1000',
    HEARTBEAT_INTERVAL_MS: '250',
    POLICY_REFRESH_MS: '1000',
  };
  pods = await Promise.all([
    startProxyProcess({ ...podEnv, POD_NAME: 'pod-a' }),
    startProxyProcess({ ...podEnv, POD_NAME: 'pod-b' }),
  ]);
  user = await registerUser(pods[0].url);
  userId = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString()).sub as string;
  // One verified request per pod, so each knows the token and keys the user by id from now on.
  for (const pod of pods) expect((await tasks(pod)).status).toBe(200);
});

afterAll(async () => {
  await Promise.all((pods ?? []).map((pod) => pod.stop()));
  await control?.stop();
  await sandbox?.stop();
  redis?.disconnect();
  await redisServer?.kill();
});

describe('control plane with two proxy pods', () => {
  it('lists both pods with their address, policy version and breakers', async () => {
    await eventually(async () => {
      const body = (await (await admin('GET', '/v1/pods')).json()) as PodsResponse;
      return body.pods.length === 2;
    }, 5_000);
    const { pods: listed } = (await (await admin('GET', '/v1/pods')).json()) as PodsResponse;
    expect(listed.map((pod) => pod.podId)).toEqual(['pod-a', 'pod-b']);
    expect(listed[0]).toMatchObject({ address: `127.0.0.1:${pods[0].port}`, policyVersion: 0, redis: 'up' });
    expect(listed[0].breakers.app_service.state).toBe('CLOSED');

    const summary = (await (await admin('GET', '/v1/metrics/summary')).json()) as MetricsSummaryResponse;
    expect(summary.pods.map((pod) => pod.podId)).toEqual(['pod-a', 'pod-b']);
    expect(summary.total).toMatchObject({
      pods: 2,
      breakers: { app_service: 'CLOSED:2', auth_service: 'CLOSED:2' },
    });
  });

  it('applies a policy change on both pods within a second', async () => {
    expect(await limitOn(pods[0])).toBe('100000');
    const response = await admin('PATCH', '/v1/policy', {
      rateLimits: { default: { limit: 5000, periodSeconds: 60 } },
    });
    expect(response.status).toBe(200);
    const elapsed = await Promise.all(
      pods.map((pod) => eventually(async () => (await limitOn(pod)) === '5000', 5_000, 10)),
    );
    expect(Math.max(...elapsed)).toBeLessThan(1_000);
  });

  it('makes both pods fail fast while a breaker is forced open, and serves again after close', async () => {
    expect((await admin('POST', '/v1/breakers/app_service/open')).status).toBe(200);
    for (const pod of pods) {
      await eventually(async () => (await createTask(pod)).status === 503, 2_000);
      const refused = await createTask(pod);
      expect(await refused.json()).toMatchObject({ error: 'upstream_circuit_open' });
    }
    expect((await admin('POST', '/v1/breakers/app_service/close')).status).toBe(200);
    for (const pod of pods) await eventually(async () => (await createTask(pod)).status === 200, 2_000);
  });

  it('applies a per-service upstream timeout from the policy on both pods, and drops it again', async () => {
    // undici's timers tick at about 1 s, so the upstream is far slower than the 500 ms timeout.
    await setFaults(sandbox.coreUrl, { latencyMs: 2_500, paths: ['/api/tasks'] });
    try {
      expect(
        (await admin('PATCH', '/v1/policy', { breakers: { app_service: { timeoutMs: 500 } } })).status,
      ).toBe(200);
      for (const pod of pods) await eventually(async () => (await createTask(pod)).status === 504, 3_000);
      expect(
        (await admin('PATCH', '/v1/policy', { breakers: { app_service: { timeoutMs: null } } })).status,
      ).toBe(200);
      for (const pod of pods) await eventually(async () => (await createTask(pod)).status === 200, 5_000);
    } finally {
      await setFaults(sandbox.coreUrl, {});
    }
  });

  it('lets a user with a limit of 100 per minute through about 100 times out of 300 spread over both pods', async () => {
    const patched = await admin('PATCH', '/v1/policy', {
      rateLimits: { users: { [userId]: { limit: 100, periodSeconds: 60 } } },
    });
    expect(patched.status).toBe(200);
    const version = ((await patched.json()) as { version: number }).version;
    await eventually(async () => {
      const { pods: listed } = (await (await admin('GET', '/v1/pods')).json()) as PodsResponse;
      return listed.every((pod) => pod.policyVersion >= version);
    }, 5_000);

    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let batch = 0; batch < 30; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => tasks(pods[(batch * 10 + i) % 2])),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) refusal ??= answer;
        else await answer.arrayBuffer();
      }
    }
    const through = statuses.filter((status) => status === 200).length;
    expect(through).toBeGreaterThanOrEqual(95);
    expect(through).toBeLessThanOrEqual(105);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(refusal?.headers.get('x-ratelimit-limit')).toBe('100');
    expect(refusal?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refusal?.json()).toMatchObject({ error: 'rate_limited', retry_after: expect.any(Number) });
  });

  it('keeps the last policy and keeps serving when control is killed', async () => {
    await control.stop('SIGKILL');
    const other = await registerUser(pods[1].url);
    for (const pod of pods) {
      expect((await tasks(pod, other)).status).toBe(200);
      expect(await limitOn(pod)).toBe('5000');
    }
  });

  it('serves with local limits and no shared cache while Redis is down, and recovers when it returns', async () => {
    await redisServer.kill();
    for (const pod of pods) {
      const answer = await tasks(pod);
      expect(answer.status).toBe(200);
      // The user's shared count (exhausted above) is out of reach: each pod counts afresh, locally.
      expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('99');
    }

    await redisServer.restart();
    redis.disconnect();
    redis = new Redis(redisServer.url);
    redis.on('error', () => {});
    await eventually(
      async () => (await redis.exists(redisKeys.pod('pod-a'), redisKeys.pod('pod-b'))) === 2,
      10_000,
    );
    // The restarted Redis holds no policy: the pods keep the one they had, and count there again.
    await eventually(async () => {
      const answer = await tasks(pods[0]);
      await answer.arrayBuffer();
      return (await redis.exists(redisKeys.rateLimit(`u:${userId}`, 'user'))) === 1;
    }, 10_000);
    expect(await limitOn(pods[1])).toBe('5000');
  });
});
