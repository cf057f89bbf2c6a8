import type { Aggregator } from './aggregate/index.js';
import type { BreakerSet } from './breaker/index.js';
import type { ResponseCache } from './cache/index.js';
import type { Forwarder } from './forward/index.js';
import type { HealthEndpoints } from './health/index.js';
import { sendJson, writeHead } from './http/respond.js';
import type { ProxyMetrics } from './metrics/index.js';
import type { ApiDocs } from './openapi/index.js';
import type { Exchange } from './pipeline/exchange.js';
import type { LocalHandlerName, RouteSpec } from './routes/table.js';

export interface ServeDeps {
  health: HealthEndpoints;
  metrics: ProxyMetrics;
  forwarder: Forwarder;
  cache: ResponseCache;
  aggregator: Aggregator;
  breakers: BreakerSet;
  apiDocs: ApiDocs;
}

type LocalHandler = (ex: Exchange) => void | Promise<void>;

/** Maps each route kind of the table to what answers it. */
export function createServe(deps: ServeDeps): (ex: Exchange, spec: RouteSpec) => Promise<void> | void {
  const local: Record<LocalHandlerName, LocalHandler> = {
    root: (ex) => deps.health.root(ex),
    health: (ex) => deps.health.health(ex),
    liveness: (ex) => deps.health.liveness(ex),
    readiness: (ex) => deps.health.readiness(ex),
    health_deep: (ex) => deps.health.deep(ex),
    breaker_status: (ex) => sendJson(ex, 200, deps.breakers.snapshot(), { 'cache-control': 'no-store' }),
    metrics: async (ex) => {
      const text = await deps.metrics.registry.metrics();
      writeHead(ex, 200, { 'content-type': deps.metrics.registry.contentType });
      ex.res.end(text);
    },
    openapi: (ex) => deps.apiDocs.serveDocument(ex),
    docs: (ex) => deps.apiDocs.servePage(ex),
  };
  return (ex, spec) => {
    if (spec.kind === 'local') return local[spec.handler](ex);
    if (spec.kind === 'proxy')
      return deps.cache.handles(ex, spec)
        ? deps.cache.serveRoute(ex, spec)
        : deps.forwarder.forward(ex, spec);
    return deps.aggregator.serve(ex, spec);
  };
}
