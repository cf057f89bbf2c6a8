import { hostname } from 'node:os';
import type { Logger } from '../../shared/logger/index.js';
import type { BreakerSet } from '../breaker/index.js';
import { ioredis } from '../cache/ioredis-module.js';
import { createRedisClient } from '../cache/redis-store.js';
import type { ProxyConfig } from '../config/index.js';
import type { Upstreams } from '../forward/upstream.js';
import type { ProxyMetrics } from '../metrics/index.js';
import { breakerApplier, cacheTtlApplier, type TtlTarget, upstreamTimeoutApplier } from './appliers.js';
import { Heartbeat } from './heartbeat.js';
import { envPolicy, LivePolicy, type PolicyApplier } from './live-policy.js';
import { MetricWindow } from './summary.js';
import { PolicySync } from './sync.js';

export { LivePolicy } from './live-policy.js';

export interface ControlPlaneDeps {
  podId: string;
  version: string;
  breakers: BreakerSet;
  upstreams: Upstreams;
  cache?: TtlTarget;
  metrics: ProxyMetrics;
  logger: Logger;
}

/**
 * The pod's side of the control plane: the live policy, and — when Redis is enabled — its sync
 * with Redis, the heartbeat, and the Redis client the rate limiter shares. Without Redis the pod
 * enforces its env configuration.
 */
export function createControlPlane(config: ProxyConfig, deps: ControlPlaneDeps) {
  const appliers: PolicyApplier[] = [breakerApplier(deps.breakers), upstreamTimeoutApplier(deps.upstreams)];
  if (deps.cache) appliers.push(cacheTtlApplier(deps.cache));
  const live = new LivePolicy(envPolicy(config), appliers, deps.logger);
  if (!config.REDIS_ENABLED) return { live, redis: undefined, start: () => {}, close: async () => {} };

  const redis = createRedisClient({
    url: config.REDIS_URL,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  const subscriber = new (ioredis().Redis)(config.REDIS_URL, {
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  subscriber.on('error', () => {});
  const sync = new PolicySync(redis, subscriber, live, config.POLICY_REFRESH_MS, deps.logger);
  const heartbeat = new Heartbeat(
    redis,
    { podId: deps.podId, address: podAddress(config), version: deps.version },
    { live, breakers: deps.breakers, window: new MetricWindow(deps.metrics) },
    config.HEARTBEAT_INTERVAL_MS,
    deps.logger,
  );
  return {
    live,
    redis,
    start: () => {
      sync.start();
      heartbeat.start();
    },
    close: async () => {
      sync.stop();
      await heartbeat.stop();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}

export type ControlPlane = ReturnType<typeof createControlPlane>;

/** Where control can reach this pod: its bind address, or its host name when bound to all. */
function podAddress(config: ProxyConfig): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? hostname() : config.HOST;
  return `${host}:${config.PORT}`;
}
