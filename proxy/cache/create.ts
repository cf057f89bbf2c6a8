import type { Logger } from '../../shared/logger/index.js';
import type { ProxyConfig } from '../config/index.js';
import type { Forwarder, UpstreamObserver } from '../forward/index.js';
import type { Upstreams } from '../forward/upstream.js';
import type { ProxyMetrics } from '../metrics/index.js';
import { FailSoftStore } from './fail-soft.js';
import { ResponseCache } from './index.js';
import { MemoryStore } from './memory-store.js';
import { createRedisClient, RedisStore } from './redis-store.js';
import type { CacheStore } from './store.js';
import { resolveTtls } from './ttl.js';
import { UpstreamReader } from './upstream-read.js';

export interface ResponseCacheDeps {
  upstreams: Upstreams;
  forwarder: Forwarder;
  observe: UpstreamObserver;
  metrics: ProxyMetrics;
  logger: Logger;
}

/** The cache the configuration asks for: off, in this process's memory, or in the shared Redis. */
export function createResponseCache(config: ProxyConfig, deps: ResponseCacheDeps): ResponseCache {
  const reader = new UpstreamReader(deps.upstreams, deps.forwarder, deps.observe);
  const store = config.CACHE_ENABLED ? failSoft(chooseStore(config, deps), config, deps) : undefined;
  return new ResponseCache(store, reader, {
    ttls: resolveTtls(config.CACHE_TTL_SECONDS, config),
    staleIfErrorSeconds: config.STALE_IF_ERROR_SECONDS,
    counts: (type) => deps.metrics.cacheCounts(type),
  });
}

function chooseStore(config: ProxyConfig, deps: ResponseCacheDeps): CacheStore {
  if (!config.REDIS_ENABLED)
    return new MemoryStore({ maxEntries: config.CACHE_MAX_ENTRIES, maxBytes: config.CACHE_MAX_BYTES });
  const store = new RedisStore(
    createRedisClient({ url: config.REDIS_URL, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }),
    { nearCopyBytes: config.CACHE_NEAR_MAX_BYTES },
  );
  if (store.nearCopyUsage) deps.metrics.watchNearCopies(() => store.nearCopyUsage!);
  return store;
}

function failSoft(store: CacheStore, config: ProxyConfig, deps: ResponseCacheDeps): FailSoftStore {
  return new FailSoftStore(store, config.REDIS_ENABLED ? 'redis' : 'memory', {
    logger: deps.logger,
    onError: (operation) => deps.metrics.cacheErrors.labels(operation).inc(),
  });
}
