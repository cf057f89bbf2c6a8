import type { Redis } from 'ioredis';
import { type MetricsSummaryResponse, mergeBuckets, quantileMs } from '../../shared/control-api/metrics.js';
import type { PodHeartbeat } from '../../shared/control-api/pods.js';
import { livePods } from '../cluster/pods.js';
import type { HandlerResult } from '../http/router.js';

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Per pod, what it reported in its last heartbeat; in total, rates added and latencies merged. */
function summarize(pods: readonly PodHeartbeat[]): MetricsSummaryResponse {
  const rows = pods.map((pod) => {
    const { latencyBuckets: _buckets, ...metrics } = pod.metrics;
    const breakers = Object.fromEntries(Object.entries(pod.breakers).map(([name, b]) => [name, b.state]));
    return { podId: pod.podId, ...metrics, breakers };
  });
  const sum = (pick: (pod: PodHeartbeat) => number) =>
    round(pods.reduce((total, pod) => total + pick(pod), 0));
  const buckets = mergeBuckets(pods.map((pod) => pod.metrics.latencyBuckets));
  const requests = pods.reduce((total, pod) => total + pod.metrics.requestsPerSecond, 0);
  const ratios = pods.flatMap((pod) =>
    pod.metrics.cacheHitRatio === null
      ? []
      : [[pod.metrics.cacheHitRatio, pod.metrics.requestsPerSecond] as const],
  );
  const tally = new Map<string, Map<string, number>>();
  for (const row of rows) {
    for (const [service, state] of Object.entries(row.breakers)) {
      const counts = tally.get(service) ?? new Map<string, number>();
      counts.set(state, (counts.get(state) ?? 0) + 1);
      tally.set(service, counts);
    }
  }
  const breakers = Object.fromEntries(
    [...tally].map(([service, counts]) => [
      service,
      [...counts].map(([state, n]) => `${state}:${n}`).join(','),
    ]),
  );
  return {
    at: new Date().toISOString(),
    pods: rows,
    total: {
      pods: pods.length,
      windowSeconds: pods.length === 0 ? 0 : Math.max(...pods.map((pod) => pod.metrics.windowSeconds)),
      requestsPerSecond: round(requests),
      p50Ms: quantileMs(buckets, 0.5),
      p99Ms: quantileMs(buckets, 0.99),
      status4xxPerSecond: sum((pod) => pod.metrics.status4xxPerSecond),
      status5xxPerSecond: sum((pod) => pod.metrics.status5xxPerSecond),
      cacheHitRatio: weightedMean(ratios),
      rateLimitedPerSecond: sum((pod) => pod.metrics.rateLimitedPerSecond),
      breakers,
    },
  };
}

/** Mean of `[value, weight]` pairs; a quiet pod's ratio should not count as much as a busy one's. */
function weightedMean(pairs: readonly (readonly [number, number])[]): number | null {
  if (pairs.length === 0) return null;
  const weight = pairs.reduce((total, [, w]) => total + w, 0);
  if (weight === 0) return round(pairs.reduce((total, [value]) => total + value, 0) / pairs.length);
  return round(pairs.reduce((total, [value, w]) => total + value * w, 0) / weight);
}

export function clusterHandlers(redis: Redis) {
  return {
    pods: async (): Promise<HandlerResult> => ({ json: { pods: await livePods(redis) } }),
    metricsSummary: async (): Promise<HandlerResult> => ({ json: summarize(await livePods(redis)) }),
  };
}
