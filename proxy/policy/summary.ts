import { emptyMetricSummary, type MetricSummary, quantileMs } from '../../shared/control-api/metrics.js';
import type { ProxyMetrics } from '../metrics/index.js';

interface Totals {
  at: number;
  requests: number;
  status4xx: number;
  status5xx: number;
  cacheHits: number;
  cacheMisses: number;
  rateLimited: number;
  /** Cumulative request-duration bucket counts by upper bound, over every route. */
  buckets: Map<number, number>;
}

const sum = (values: readonly { value: number }[]) => values.reduce((total, { value }) => total + value, 0);
const perSecond = (delta: number, seconds: number) =>
  seconds > 0 ? Math.round((delta / seconds) * 1000) / 1000 : 0;

/**
 * What the pod did since the previous call, from its own Prometheus counters: the summary each
 * heartbeat carries to control (`GET /v1/metrics/summary`).
 */
export class MetricWindow {
  #previous: Totals | undefined;

  constructor(private readonly metrics: ProxyMetrics) {}

  async take(): Promise<MetricSummary> {
    const now = await this.#totals();
    const before = this.#previous;
    this.#previous = now;
    if (!before) return emptyMetricSummary();
    const seconds = (now.at - before.at) / 1000;
    const latencyBuckets = decumulate(now.buckets, before.buckets);
    const hits = now.cacheHits - before.cacheHits;
    const lookups = hits + now.cacheMisses - before.cacheMisses;
    return {
      windowSeconds: Math.round(seconds * 1000) / 1000,
      requestsPerSecond: perSecond(now.requests - before.requests, seconds),
      p50Ms: quantileMs(latencyBuckets, 0.5),
      p99Ms: quantileMs(latencyBuckets, 0.99),
      status4xxPerSecond: perSecond(now.status4xx - before.status4xx, seconds),
      status5xxPerSecond: perSecond(now.status5xx - before.status5xx, seconds),
      cacheHitRatio: lookups > 0 ? Math.round((hits / lookups) * 1000) / 1000 : null,
      rateLimitedPerSecond: perSecond(now.rateLimited - before.rateLimited, seconds),
      latencyBuckets,
    };
  }

  async #totals(): Promise<Totals> {
    const [requests, duration, hits, misses, limited] = await Promise.all([
      this.metrics.requests.get(),
      this.metrics.duration.get(),
      this.metrics.cacheHits.get(),
      this.metrics.cacheMisses.get(),
      this.metrics.rateLimited.get(),
    ]);
    const byClass = (digit: string) =>
      sum(requests.values.filter((v) => String(v.labels.status).startsWith(digit)));
    const buckets = new Map<number, number>();
    for (const value of duration.values) {
      if (!value.metricName?.endsWith('_bucket')) continue;
      // Bucket samples carry `le` besides the declared labels.
      const bound = String((value.labels as Record<string, string | number>).le);
      const le = bound === '+Inf' ? Number.POSITIVE_INFINITY : Number(bound);
      buckets.set(le, (buckets.get(le) ?? 0) + value.value);
    }
    return {
      at: Date.now(),
      requests: sum(requests.values),
      status4xx: byClass('4'),
      status5xx: byClass('5'),
      cacheHits: sum(hits.values),
      cacheMisses: sum(misses.values),
      rateLimited: sum(limited.values),
      buckets,
    };
  }
}

/** Per-bucket counts of the window from two cumulative snapshots; +Inf travels as null (JSON). */
function decumulate(now: Map<number, number>, before: Map<number, number>): [number | null, number][] {
  const bounds = [...now.keys()].sort((a, b) => a - b);
  const result: [number | null, number][] = [];
  let below = 0;
  for (const le of bounds) {
    const cumulative = (now.get(le) ?? 0) - (before.get(le) ?? 0);
    const count = cumulative - below;
    below = cumulative;
    if (count > 0) result.push([Number.isFinite(le) ? le : null, count]);
  }
  return result;
}
