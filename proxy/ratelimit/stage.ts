import type { Authenticator } from '../auth/index.js';
import { sendError } from '../http/respond.js';
import type { ProxyMetrics } from '../metrics/index.js';
import type { Exchange } from '../pipeline/exchange.js';
import type { LocalHandlerName, RouteSpec } from '../routes/table.js';
import type { ClientKey, RateDecision, RateLimiter } from './index.js';

/**
 * Local endpoints that are never limited: probes, metrics and docs must answer under any load.
 * `/` and `/health/deep` are (CONTRACT §5.2); the deep check calls the upstreams.
 */
const limitedLocal: Record<LocalHandlerName, boolean> = {
  root: true,
  health_deep: true,
  health: false,
  liveness: false,
  readiness: false,
  metrics: false,
  breaker_status: false,
  openapi: false,
  docs: false,
};

function groupOf(spec: RouteSpec) {
  if (spec.kind === 'local') return limitedLocal[spec.handler] ? 'default' : undefined;
  if (spec.kind === 'aggregate') return 'aggregate';
  return spec.service === 'auth_service' ? 'auth' : 'app';
}

/**
 * The pipeline's rate-limit stage, run before authentication (CONTRACT §9 S4) so floods never
 * reach token checks or Auth. The client is the verified user when a token already verified is
 * presented (a cache peek: no cryptography), else the client address. Answers 429 and returns
 * true when the client is over its limit; otherwise adds the `X-RateLimit-*` headers.
 */
export function createRateLimitStage(
  limiter: RateLimiter,
  authenticator: Authenticator,
  metrics: ProxyMetrics,
) {
  const answer = (ex: Exchange, client: ClientKey, decision: RateDecision | undefined): boolean => {
    if (!decision) return false;
    ex.headers['x-ratelimit-limit'] = decision.limit;
    ex.headers['x-ratelimit-remaining'] = decision.remaining;
    ex.headers['x-ratelimit-reset'] = decision.resetSeconds;
    if (decision.allowed) return false;
    metrics.rateLimited.labels(client.kind).inc();
    sendError(
      ex,
      'rate_limited',
      {
        retry_after: decision.retryAfterSeconds,
        limit: decision.limit,
        period_seconds: decision.periodSeconds,
        request_id: ex.requestId,
      },
      { 'retry-after': String(decision.retryAfterSeconds) },
      `Too many requests. Limit is ${decision.limit} requests per ${decision.periodSeconds} seconds.`,
    );
    return true;
  };
  return (ex: Exchange, spec: RouteSpec): Promise<boolean> | boolean => {
    const group = groupOf(spec);
    if (group === undefined) return false;
    const userId = authenticator.presentedBy(ex)?.userId;
    const client: ClientKey = userId
      ? { kind: 'user', userId }
      : { kind: 'address', address: ex.client.address };
    const decision = limiter.decide(client, group);
    if (decision instanceof Promise) return decision.then((shared) => answer(ex, client, shared));
    return answer(ex, client, decision);
  };
}
