import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AuthOutcomeLabel } from '../auth/index.js';
import type { NearCopyUsage } from '../cache/near-copies.js';
import { PairMemo } from '../memo/pair-memo.js';
import type { CompiledRoute } from '../routes/compile.js';
import { type HistogramSeries, LeanHistogram } from './lean-histogram.js';
import { type CountSlot, PendingCounts } from './pending-counts.js';

/** The label every path that matches no route shares, so unknown paths add no series (§9 O1). */
export const unmatchedRoute = 'unmatched';

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Per-route metric children, bound once at start so the hot path does no label lookups. */
export interface RouteMeter {
  observe(status: number, seconds: number): void;
}

/** A data type's cache lookups: the hot path adds to `pending` (see `PendingCounts`). */
export interface CacheCounts {
  hits: CountSlot;
  misses: CountSlot;
}

/** The proxy's Prometheus registry: one per process, labelled with the pod id. */
export class ProxyMetrics {
  readonly registry = new Registry();
  readonly #requestCounts = new PendingCounts<'method' | 'route' | 'status'>();
  readonly #backendCounts = new PendingCounts<'service' | 'outcome'>();
  readonly #authCounts = new PendingCounts<'outcome'>();
  readonly #cacheHitCounts = new PendingCounts<'type'>();
  readonly #cacheMissCounts = new PendingCounts<'type'>();
  readonly requests = new Counter({
    name: 'bff_requests_total',
    help: 'Requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
    collect: () => this.#requestCounts.flush(),
  });
  readonly duration = new LeanHistogram({
    name: 'bff_request_duration_seconds',
    help: 'Time from request to response end, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: latencyBuckets,
    registry: this.registry,
  });
  readonly backendRequests = new Counter({
    name: 'bff_backend_requests_total',
    help: 'Upstream calls, by service and outcome (status code, timeout, unavailable, circuit_open).',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
    collect: () => this.#backendCounts.flush(),
  });
  readonly backendDuration = new LeanHistogram({
    name: 'bff_backend_duration_seconds',
    help: 'Upstream call time until the answer headers, by service.',
    labelNames: ['service'] as const,
    buckets: latencyBuckets,
    registry: this.registry,
  });
  readonly breakerState = new Gauge({
    name: 'bff_circuit_breaker_state',
    help: 'Circuit breaker state per upstream service: 0 closed, 1 open, 2 half-open.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({
    name: 'bff_cache_hits_total',
    help: 'Response cache hits (fresh or stale), by data type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
    collect: () => this.#cacheHitCounts.flush(),
  });
  readonly cacheMisses = new Counter({
    name: 'bff_cache_misses_total',
    help: 'Response cache misses, by data type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
    collect: () => this.#cacheMissCounts.flush(),
  });
  readonly cacheErrors = new Counter({
    name: 'bff_cache_errors_total',
    help: 'Cache store operations that failed or timed out (each served as a miss), by operation.',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  #nearCopies: (() => NearCopyUsage) | undefined;
  readonly nearCopyBytes = new Gauge({
    name: 'bff_cache_near_copy_bytes',
    help: 'Bytes of Redis cache entries this pod keeps near (Redis store only).',
    registers: [this.registry],
    collect: () => this.#collectNearCopies(),
  });
  readonly nearCopyTracking = new Gauge({
    name: 'bff_cache_near_copy_tracking',
    help: 'Whether Redis is reporting cache changes to this pod (1), so near copies are kept, or not (0).',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'bff_rate_limited_total',
    help: 'Requests refused with 429, by the kind of client key (user or address).',
    labelNames: ['key'] as const,
    registers: [this.registry],
  });
  readonly authOutcomes = new Counter({
    name: 'bff_auth_outcomes_total',
    help: 'Authentication decisions by outcome: local, rejected by reason, fallback, renewal.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
    collect: () => this.#authCounts.flush(),
  });
  #droppedLogLines: (() => number) | undefined;
  #droppedLogLinesReported = 0;
  readonly logLinesDropped = new Counter({
    name: 'bff_log_lines_dropped_total',
    help: 'Log lines dropped because stdout fell behind and LOG_BUFFER_MAX_BYTES of output was waiting.',
    registers: [this.registry],
    collect: () => this.#collectDroppedLogLines(),
  });
  readonly #backendDurations = new Map<string, HistogramSeries>();
  readonly #backendSlots = new PairMemo((service, outcome) =>
    this.#backendCounts.slot(`${service} ${outcome}`, { service, outcome }),
  );

  constructor(podId: string, version: string) {
    this.#requestCounts.attach(this.requests);
    this.#backendCounts.attach(this.backendRequests);
    this.#authCounts.attach(this.authOutcomes);
    this.#cacheHitCounts.attach(this.cacheHits);
    this.#cacheMissCounts.attach(this.cacheMisses);
    this.registry.setDefaultLabels({ pod: podId });
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'bff_build_info',
      help: 'Build information; always 1.',
      labelNames: ['version'] as const,
      registers: [this.registry],
    }).set({ version }, 1);
  }

  /** Reports the Redis store's near copies on every scrape. */
  watchNearCopies(usage: () => NearCopyUsage): void {
    this.#nearCopies = usage;
  }

  #collectNearCopies(): void {
    if (!this.#nearCopies) return;
    const { bytes, tracking } = this.#nearCopies();
    this.nearCopyBytes.set(bytes);
    this.nearCopyTracking.set(tracking ? 1 : 0);
  }

  /** Reports the logger's dropped lines on every scrape. */
  watchDroppedLogLines(total: () => number): void {
    this.#droppedLogLines = total;
  }

  #collectDroppedLogLines(): void {
    if (!this.#droppedLogLines) return;
    const total = this.#droppedLogLines();
    this.logLinesDropped.inc(total - this.#droppedLogLinesReported);
    this.#droppedLogLinesReported = total;
  }

  meterFor(method: string, route: string): RouteMeter {
    const duration = this.duration.series({ method, route });
    const byStatus = new Map<number, CountSlot>();
    return {
      observe: (status, seconds) => {
        let count = byStatus.get(status);
        if (!count) {
          const labels = { method, route, status: String(status) };
          count = this.#requestCounts.slot(`${method} ${route} ${status}`, labels);
          byStatus.set(status, count);
        }
        count.pending += 1;
        duration.observe(seconds);
      },
    };
  }

  /** Meters for every route and method, plus the shared unmatched one. */
  bindRoutes(routes: readonly CompiledRoute[]): Map<CompiledRoute, RouteMeter> {
    const meters = new Map<CompiledRoute, RouteMeter>();
    for (const route of routes) meters.set(route, this.meterFor(route.spec.method, route.template));
    return meters;
  }

  /** One data type's cache hit and miss counts, bound once by the cache. */
  cacheCounts(type: string): CacheCounts {
    return {
      hits: this.#cacheHitCounts.slot(type, { type }),
      misses: this.#cacheMissCounts.slot(type, { type }),
    };
  }

  recordAuth(outcome: AuthOutcomeLabel): void {
    this.#authCounts.slot(outcome, { outcome }).pending += 1;
  }

  /** One upstream call: its outcome (status code or failure) and, when it answered, its time. */
  observeBackend(service: string, outcome: string, seconds: number): void {
    this.#backendSlots.get(service, outcome).pending += 1;
    if (seconds <= 0) return;
    let duration = this.#backendDurations.get(service);
    if (!duration) {
      duration = this.backendDuration.series({ service });
      this.#backendDurations.set(service, duration);
    }
    duration.observe(seconds);
  }
}
