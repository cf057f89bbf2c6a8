import { hostname } from 'node:os';
import { droppedLinesOf, type Logger } from '../shared/logger/index.js';
import { version } from '../shared/version.js';
import { Aggregator } from './aggregate/index.js';
import { Authenticator } from './auth/index.js';
import { BreakerSet } from './breaker/index.js';
import { observeBreakers } from './breaker/observe.js';
import { createResponseCache } from './cache/create.js';
import type { ProxyConfig } from './config/index.js';
import { Forwarder, type UpstreamObserver } from './forward/index.js';
import { createUpstreams } from './forward/upstream.js';
import { HealthEndpoints } from './health/index.js';
import { ClientAddressResolver } from './http/client-address.js';
import { Cors } from './http/cors.js';
import { ProxyMetrics } from './metrics/index.js';
import { ApiDocs } from './openapi/index.js';
import { AccessLog } from './pipeline/access-log.js';
import { Pipeline } from './pipeline/index.js';
import { createControlPlane } from './policy/index.js';
import { RateLimiter } from './ratelimit/index.js';
import { createRateLimitStage } from './ratelimit/stage.js';
import { RouteMatcher } from './routes/compile.js';
import { createServe } from './serve.js';

/** Everything a running proxy is made of, wired once at start. */
export function createGateway(config: ProxyConfig, logger: Logger) {
  const podId = config.POD_NAME || `${hostname()}-${process.pid}`;
  const metrics = new ProxyMetrics(podId, version);
  const droppedLines = droppedLinesOf(logger);
  metrics.watchDroppedLogLines(() => droppedLines.total);
  const upstreams = createUpstreams(config.upstreams, {
    connections: config.UPSTREAM_CONNECTIONS,
    connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
  });
  const breakers = new BreakerSet({
    failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
    resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
    halfOpenMaxCalls: config.BREAKER_HALF_OPEN_MAX_CALLS,
  });
  for (const service of Object.values(upstreams)) service.guard = breakers.guardFor(service.name);
  observeBreakers(breakers, metrics.breakerState, logger);
  const authenticator = new Authenticator(upstreams.auth_service, {
    secret: config.AUTH_JWT_SECRET,
    previousSecret: config.AUTH_JWT_PREVIOUS_SECRET,
    clockToleranceS: config.AUTH_CLOCK_TOLERANCE_S,
    accessCookieName: config.AUTH_ACCESS_COOKIE_NAME,
    refreshCookieName: config.AUTH_REFRESH_COOKIE_NAME,
    onOutcome: (outcome) => metrics.recordAuth(outcome),
  });
  const observeUpstream: UpstreamObserver = (service, outcome, seconds) =>
    metrics.observeBackend(service, outcome, seconds);
  const forwarder = new Forwarder(
    upstreams,
    {
      accessCookieName: config.AUTH_ACCESS_COOKIE_NAME,
      refreshCookieName: config.AUTH_REFRESH_COOKIE_NAME,
      maxBodyBytes: config.MAX_BODY_BYTES,
    },
    observeUpstream,
  );
  const cache = createResponseCache(config, {
    upstreams,
    forwarder,
    observe: observeUpstream,
    metrics,
    logger,
  });
  forwarder.onWriteSucceeded = (ex) => cache.invalidateUser(ex.identity!.userId);
  const cacheProbes =
    config.CACHE_ENABLED && config.REDIS_ENABLED ? { redis: () => cache.ping() } : undefined;
  const health = new HealthEndpoints(version, upstreams, config.HEALTH_TIMEOUT_MS, cacheProbes);
  const controlPlane = createControlPlane(config, {
    podId,
    version,
    breakers,
    upstreams,
    cache,
    metrics,
    logger,
  });
  const rateLimiter = new RateLimiter(controlPlane.live, controlPlane.redis, podId, logger);
  const accessLog = new AccessLog(logger);
  const pipeline = new Pipeline({
    matcher: new RouteMatcher(),
    cors: new Cors(config.CORS_ORIGINS),
    clients: new ClientAddressResolver(config.TRUSTED_PROXIES),
    authenticator,
    metrics,
    logger,
    accessLog,
    rateLimit: createRateLimitStage(rateLimiter, authenticator, metrics),
    serve: createServe({
      health,
      metrics,
      forwarder,
      cache,
      aggregator: new Aggregator(cache, {
        partTimeoutMs: config.AGGREGATE_PART_TIMEOUT_MS,
        timeoutMs: config.AGGREGATE_TIMEOUT_MS,
      }),
      breakers,
      apiDocs: new ApiDocs({ version, accessCookieName: config.AUTH_ACCESS_COOKIE_NAME }),
    }),
  });
  controlPlane.start();
  return {
    podId,
    controlPlane,
    metrics,
    upstreams,
    breakers,
    cache,
    health,
    pipeline,
    close: async () => {
      await controlPlane.close();
      breakers.close();
      await cache.close();
      await Promise.all(Object.values(upstreams).map((service) => service.close()));
      accessLog.flush();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
