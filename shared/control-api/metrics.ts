import { z } from 'zod';

/**
 * What one pod saw over its last heartbeat interval. `latencyBuckets` are the request-duration
 * histogram's increments in that interval as `[upper bound in seconds, count]` (bound null: +Inf),
 * so control can merge pods exactly before taking percentiles.
 */
export const metricSummarySchema = z.object({
  windowSeconds: z.number(),
  requestsPerSecond: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  status4xxPerSecond: z.number(),
  status5xxPerSecond: z.number(),
  /** Hits / (hits + misses) in the window; null without cache lookups. */
  cacheHitRatio: z.number().nullable(),
  rateLimitedPerSecond: z.number(),
  latencyBuckets: z.array(z.tuple([z.number().nullable(), z.number()])),
});
export type MetricSummary = z.output<typeof metricSummarySchema>;

export const emptyMetricSummary = (windowSeconds = 0): MetricSummary => ({
  windowSeconds,
  requestsPerSecond: 0,
  p50Ms: null,
  p99Ms: null,
  status4xxPerSecond: 0,
  status5xxPerSecond: 0,
  cacheHitRatio: null,
  rateLimitedPerSecond: 0,
  latencyBuckets: [],
});

export type LatencyBucket = readonly [number | null, number];

const boundOf = (le: number | null) => le ?? Number.POSITIVE_INFINITY;

/**
 * The q-quantile in milliseconds from per-bucket counts, interpolating linearly inside the bucket
 * (as Prometheus' histogram_quantile does); null when nothing was observed. Requests slower than
 * the last finite bound are reported as that bound.
 */
export function quantileMs(buckets: readonly LatencyBucket[], q: number): number | null {
  const sorted = [...buckets].sort((a, b) => boundOf(a[0]) - boundOf(b[0]));
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  let lower = 0;
  for (const [le, count] of sorted) {
    if (seen + count >= rank && count > 0) {
      const upper = le ?? lower;
      const seconds = lower + (upper - lower) * ((rank - seen) / count);
      return Math.round(seconds * 1e5) / 100;
    }
    seen += count;
    if (le !== null) lower = le;
  }
  return Math.round(lower * 1e5) / 100;
}

/** Adds bucket counts of several pods, bound by bound. */
export function mergeBuckets(all: readonly (readonly LatencyBucket[])[]): [number | null, number][] {
  const merged = new Map<number | null, number>();
  for (const buckets of all) for (const [le, count] of buckets) merged.set(le, (merged.get(le) ?? 0) + count);
  return [...merged.entries()].sort((a, b) => boundOf(a[0]) - boundOf(b[0]));
}

export const summaryRowSchema = metricSummarySchema.omit({ latencyBuckets: true }).extend({
  /** Breaker state per service on this pod (in the total: how many pods are in each state). */
  breakers: z.record(z.string(), z.string()),
});

export const metricsSummaryResponseSchema = z.object({
  at: z.string(),
  pods: z.array(summaryRowSchema.extend({ podId: z.string() })),
  total: summaryRowSchema.extend({ pods: z.int() }),
});
export type MetricsSummaryResponse = z.output<typeof metricsSummaryResponseSchema>;
