import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { proxyNodeFlags } from '../proxy/runtime/heap.js';
import { nginxInstalled, nginxMissing, startNginx } from './nginx.js';
import { type LaunchOptions, type ServerProcess, startServer } from './processes.js';
import type { ServerRole } from './scenarios.js';

export const benchSecret = 'bench-secret-for-the-gateway-benchmark-0123456789';
export const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';

export type Servers = Partial<Record<ServerRole, ServerProcess>>;

export interface ServersLaunch {
  /** Pin servers to core 0 and start them one after another, so start-up times mean something. */
  pinned: boolean;
  /** Another build's `dist` directory, for the baseline rows. */
  baseline?: string;
  /** How the servers under measurement, not the upstream stubs, run: under valgrind, say. */
  measured?: Pick<LaunchOptions, 'wrapper' | 'nodeFlags'>;
}

/** How the proxy is configured everywhere in the bench: production logging, limits out of the way. */
function proxyEnv(upstreamUrl: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    AUTH_JWT_SECRET: benchSecret,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    POD_NAME: 'bench',
    AUTH_SERVICE_URL: upstreamUrl,
    APP_SERVICE_URL: upstreamUrl,
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT: '1000000000/1s',
    CACHE_ENABLED: 'false',
    REDIS_ENABLED: 'false',
    ...extra,
  };
}

/**
 * Starts every server the chosen scenarios need. Upstreams first (the others point at them);
 * the Redis-backed proxy only when Redis answers, else its rows are reported as skipped.
 */
export async function startServers(
  roles: ReadonlySet<ServerRole>,
  redisUp: boolean,
  launch: ServersLaunch,
): Promise<Servers> {
  const servers: Servers = {};
  try {
    await launchAll(servers, roles, redisUp, launch);
    return servers;
  } catch (error) {
    // One that failed to start must not leave the others running after the bench exits.
    await stopServers(servers);
    throw error;
  }
}

async function launchAll(
  servers: Servers,
  roles: ReadonlySet<ServerRole>,
  redisUp: boolean,
  { pinned, baseline, measured }: ServersLaunch,
): Promise<void> {
  const startStub = (name: string, env: NodeJS.ProcessEnv) =>
    startServer(name, 'bench/peers/stub.js', env, { pinned });
  const start = (name: string, script: string, env: NodeJS.ProcessEnv) =>
    startServer(name, script, env, { pinned, ...measured });
  // The proxies as the image starts them, with the flags its CMD passes node.
  const startProxy = (name: string, script: string, env: NodeJS.ProcessEnv) =>
    startServer(name, script, env, {
      pinned,
      ...measured,
      nodeFlags: [...proxyNodeFlags, ...(measured?.nodeFlags ?? [])],
    });
  servers.upstream = await startStub('upstream stub', {});
  const upstream = servers.upstream.url;
  if (roles.has('proxy_aggregate'))
    servers.slow_upstream = await startStub('slow upstream stub', {
      STUB_DELAY_MS: '20',
    });

  const plans: Partial<Record<ServerRole, () => Promise<ServerProcess>>> = {
    bare: () => start('bare node:http', 'bench/peers/bare.js', {}),
    fastify: () => start('fastify peer', 'bench/peers/fastify.js', { UPSTREAM_URL: upstream }),
    express: () => start('express peer', 'bench/peers/express.js', { UPSTREAM_URL: upstream }),
    nginx: () => startNginx(upstream, pinned),
    relay: () => start('node:http + undici relay', 'bench/peers/relay.js', { UPSTREAM_URL: upstream }),
    hit_floor: () =>
      start('hand-written cache hit', 'bench/peers/hit-floor.js', { AUTH_JWT_SECRET: benchSecret }),
    proxy_no_cache: () =>
      startProxy('proxy, cache off', 'bundle/proxy.js', proxyEnv(upstream, { HTTP2_CLEARTEXT: 'true' })),
    proxy_memory_cache: () =>
      startProxy('proxy, memory cache', 'bundle/proxy.js', proxyEnv(upstream, { CACHE_ENABLED: 'true' })),
    proxy_redis_cache: () =>
      startProxy(
        'proxy, Redis cache',
        'bundle/proxy.js',
        proxyEnv(upstream, { CACHE_ENABLED: 'true', REDIS_ENABLED: 'true', REDIS_URL: redisUrl }),
      ),
    baseline_no_cache: () =>
      startProxy(
        'baseline proxy, cache off',
        baselineProxy(baseline),
        proxyEnv(upstream, { HTTP2_CLEARTEXT: 'true' }),
      ),
    baseline_memory_cache: () =>
      startProxy(
        'baseline proxy, memory cache',
        baselineProxy(baseline),
        proxyEnv(upstream, { CACHE_ENABLED: 'true' }),
      ),
    baseline_redis_cache: () =>
      startProxy(
        'baseline proxy, Redis cache',
        baselineProxy(baseline),
        proxyEnv(upstream, { CACHE_ENABLED: 'true', REDIS_ENABLED: 'true', REDIS_URL: redisUrl }),
      ),
    proxy_aggregate: () =>
      startProxy('proxy, aggregate', 'bundle/proxy.js', proxyEnv(servers.slow_upstream?.url ?? upstream, {})),
  };
  const wanted = (Object.entries(plans) as [ServerRole, () => Promise<ServerProcess>][]).filter(
    ([role]) => roles.has(role) && unavailable(role, redisUp) === undefined,
  );
  const launch = async ([role, start]: [ServerRole, () => Promise<ServerProcess>]) => {
    servers[role] = await start();
  };
  if (pinned) for (const plan of wanted) await launch(plan);
  else {
    // Settled, not raced: every launch must have landed in `servers` before a failure is stopped.
    const failed = (await Promise.allSettled(wanted.map(launch))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** Why a server the scenarios want cannot run on this machine; undefined when it can. */
function unavailable(role: ServerRole, redisUp: boolean): string | undefined {
  if (role.endsWith('redis_cache') && !redisUp) return `Redis not answering at ${redisUrl}`;
  if (role === 'nginx' && !nginxInstalled) return nginxMissing;
  return undefined;
}

/** What a row whose server is not running says instead of numbers. */
export const skipReason = (role: ServerRole, redisUp: boolean): string =>
  unavailable(role, redisUp) ?? 'not started';

/** The baseline build's proxy as it ships: its bundle, or `proxy/main.js` for builds before the bundle. */
function baselineProxy(baseline: string | undefined): string {
  const bundle = `${baseline}/bundle/proxy.js`;
  return existsSync(bundle) ? bundle : `${baseline}/proxy/main.js`;
}

export async function stopServers(servers: Servers): Promise<void> {
  await Promise.all(Object.values(servers).map((server) => server?.stop()));
}

/** Whether a Redis server answers PING at the bench's Redis URL, within a second. */
export function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) || 6379 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => done(chunk.toString().startsWith('+PONG')));
  });
}
