/** The servers a benchmark run starts; scenarios name the one they load. */
export type ServerRole =
  | 'upstream'
  | 'slow_upstream'
  | 'bare'
  | 'fastify'
  | 'express'
  | 'nginx'
  | 'relay'
  | 'hit_floor'
  | 'proxy_no_cache'
  | 'proxy_memory_cache'
  | 'proxy_redis_cache'
  | 'proxy_aggregate'
  | 'baseline_no_cache'
  | 'baseline_memory_cache'
  | 'baseline_redis_cache';

export interface Scenario {
  id: string;
  label: string;
  server: ServerRole;
  protocol: 'http1' | 'h2c';
  method: 'GET' | 'POST';
  path: string;
  /** Sends the bench user's access token (as the session cookie). */
  authenticated: boolean;
  body?: string;
  /** Fixed total request rate (req/s) instead of as fast as possible. */
  rate?: number;
  connections?: number;
}

/** A 1 KB JSON task, the body of the write scenario. */
const taskBody = JSON.stringify({
  name: 'A task written by the benchmark',
  notes: 'x'.repeat(940),
  project_id: 1,
});

const passThrough = { method: 'GET', path: '/bff/app/tasks', authenticated: true } as const;

/**
 * Every row of the table, in the order they run within a round. Peers first, so each round's
 * ratios compare measurements taken minutes, not rounds, apart.
 */
export const scenarios: readonly Scenario[] = [
  {
    id: 'direct',
    label: 'upstream hit directly',
    server: 'upstream',
    protocol: 'http1',
    method: 'GET',
    path: '/api/tasks',
    authenticated: false,
  },
  {
    id: 'bare',
    label: 'bare node:http (Node ceiling)',
    server: 'bare',
    protocol: 'http1',
    method: 'GET',
    path: '/tasks',
    authenticated: false,
  },
  {
    id: 'fastify',
    label: 'fastify 5 + @fastify/http-proxy',
    server: 'fastify',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'express',
    label: 'express 5 + http-proxy-middleware',
    server: 'express',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'nginx',
    label: 'nginx reverse proxy, upstream keep-alive',
    server: 'nginx',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'floor',
    label: 'node:http + undici relay (platform floor)',
    server: 'relay',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'hit_floor',
    label: 'hand-written cache hit (hit floor)',
    server: 'hit_floor',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'pass',
    label: '1 pass-through, cache off',
    server: 'proxy_no_cache',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'memory',
    label: '2 cache hit, memory',
    server: 'proxy_memory_cache',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'redis',
    label: '3 cache hit, Redis',
    server: 'proxy_redis_cache',
    protocol: 'http1',
    ...passThrough,
  },
  {
    id: 'post',
    label: '4 POST 1 KB JSON (invalidates)',
    server: 'proxy_memory_cache',
    protocol: 'http1',
    method: 'POST',
    path: '/bff/app/tasks',
    authenticated: true,
    body: taskBody,
  },
  {
    id: 'aggregate',
    label: '5 aggregate dashboard, parts +20 ms',
    server: 'proxy_aggregate',
    protocol: 'http1',
    method: 'GET',
    path: '/bff/aggregate/dashboard',
    authenticated: true,
    // Few callers: the row shows the fan-out's latency (≈ one part's), not queueing for connections.
    connections: 10,
  },
  { id: 'h2c', label: '6 pass-through over h2c', server: 'proxy_no_cache', protocol: 'h2c', ...passThrough },
  {
    id: 'direct_1k',
    label: 'upstream directly @ 1,000 req/s',
    server: 'upstream',
    protocol: 'http1',
    method: 'GET',
    path: '/api/tasks',
    authenticated: false,
    rate: 1000,
    connections: 10,
  },
  {
    id: 'fastify_1k',
    label: 'fastify 5 + @fastify/http-proxy @ 1,000 req/s',
    server: 'fastify',
    protocol: 'http1',
    ...passThrough,
    rate: 1000,
    connections: 10,
  },
  {
    id: 'floor_1k',
    label: 'platform floor @ 1,000 req/s',
    server: 'relay',
    protocol: 'http1',
    ...passThrough,
    rate: 1000,
    connections: 10,
  },
  {
    id: 'pass_1k',
    label: 'pass-through @ 1,000 req/s',
    server: 'proxy_no_cache',
    protocol: 'http1',
    ...passThrough,
    rate: 1000,
    connections: 10,
  },
];

/** The proxies a baseline build runs, each in place of this build's. */
const baselineServers: Partial<Record<ServerRole, ServerRole>> = {
  proxy_no_cache: 'baseline_no_cache',
  proxy_memory_cache: 'baseline_memory_cache',
  proxy_redis_cache: 'baseline_redis_cache',
};

/**
 * With `--baseline <dist>`: every row of the plain, memory and Redis proxies again against another
 * build (say, main before a change), in the same interleaved rounds, so a before/after comparison
 * is not at the mercy of what else the machine did between two runs. Each baseline proxy serves
 * the same rows as its counterpart, so both carry the same history (a proxy that also served
 * writes or HTTP/2 answers hits a little slower than a fresh one).
 */
export const baselineScenarios: readonly Scenario[] = scenarios.flatMap((scenario) => {
  const server = baselineServers[scenario.server];
  return server
    ? [{ ...scenario, id: `${scenario.id}_baseline`, label: `${scenario.label} — baseline build`, server }]
    : [];
});

/** Each baseline row right after the row it mirrors. */
export function withBaselines(rows: readonly Scenario[]): Scenario[] {
  return rows.flatMap((row) => [row, ...baselineScenarios.filter((b) => b.id === `${row.id}_baseline`)]);
}
