import type { Redis } from 'ioredis';
import type { ControlHealth } from '../shared/control-api/errors.js';
import type { ClusterEvents } from './cluster/subscriptions.js';
import { breakerActionPattern, breakerHandlers } from './handlers/breakers.js';
import { cacheHandlers } from './handlers/cache.js';
import { clusterHandlers } from './handlers/cluster.js';
import { policyHandlers } from './handlers/policy.js';
import type { ControlRoute } from './http/router.js';
import type { ControlMetrics } from './metrics.js';
import type { PolicyStore } from './policy/store.js';

export interface RouteDeps {
  redis: Redis;
  store: PolicyStore;
  events: ClusterEvents;
  metrics: ControlMetrics;
  version: string;
}

/** Control's HTTP surface, as data. Response shapes are the zod schemas in shared/control-api. */
export function controlRoutes({ redis, store, events, metrics, version }: RouteDeps): ControlRoute[] {
  const policy = policyHandlers(store);
  const breakers = breakerHandlers(store, redis, events);
  const cluster = clusterHandlers(redis);
  const cache = cacheHandlers(redis);
  const open = (
    method: ControlRoute['method'],
    template: string,
    handle: ControlRoute['handle'],
  ): ControlRoute => ({
    method,
    template,
    pattern: new RegExp(`^${template}$`),
    admin: false,
    handle,
  });
  const admin = (
    method: ControlRoute['method'],
    template: string,
    handle: ControlRoute['handle'],
  ): ControlRoute => ({
    ...open(method, template, handle),
    admin: true,
  });
  return [
    open('GET', '/health', async () => {
      const up = redis.status === 'ready';
      const policyVersion = up
        ? await store.read().then(
            (p) => p.version,
            () => null,
          )
        : null;
      const health: ControlHealth = {
        status: up ? 'ok' : 'degraded',
        redis: up ? 'up' : 'down',
        version,
        policyVersion,
      };
      return { status: up ? 200 : 503, json: health };
    }),
    open('GET', '/metrics', async () => ({
      text: await metrics.registry.metrics(),
      contentType: metrics.registry.contentType,
    })),
    admin('GET', '/v1/policy', policy.get),
    admin('PUT', '/v1/policy', policy.put),
    admin('PATCH', '/v1/policy', policy.patch),
    admin('GET', '/v1/pods', cluster.pods),
    admin('GET', '/v1/breakers', breakers.list),
    { ...admin('POST', '/v1/breakers/{service}/{action}', breakers.act), pattern: breakerActionPattern },
    admin('POST', '/v1/cache/invalidate', cache.invalidate),
    admin('GET', '/v1/metrics/summary', cluster.metricsSummary),
  ];
}
