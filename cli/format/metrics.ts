import type { MetricsSummaryResponse } from '../../shared/control-api/index.js';

const number = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ms = (value: number | null) => (value === null ? '-' : `${number(value)}ms`);
const percent = (ratio: number | null) => (ratio === null ? '-' : `${Math.round(ratio * 100)}%`);

/**
 * Services whose breakers are not all CLOSED, with control's per-state pod counts, e.g.
 * `app_service OPEN:2`. Control reports each service as `STATE:pods,...`.
 */
export function breakersNotClosed(breakers: Record<string, string>): string[] {
  return Object.entries(breakers)
    .filter(([, counts]) => counts.split(',').some((entry) => !entry.startsWith('CLOSED:')))
    .map(([service, counts]) => `${service} ${counts}`);
}

/** One `metrics tail` line: the cluster total at one moment. */
export function metricsLine(summary: MetricsSummaryResponse): string {
  const total = summary.total;
  const troubled = breakersNotClosed(total.breakers);
  return [
    summary.at.slice(11, 19),
    `pods ${total.pods}`,
    `req/s ${number(total.requestsPerSecond)}`,
    `p50 ${ms(total.p50Ms)}`,
    `p99 ${ms(total.p99Ms)}`,
    `4xx/s ${number(total.status4xxPerSecond)}`,
    `5xx/s ${number(total.status5xxPerSecond)}`,
    `hit ${percent(total.cacheHitRatio)}`,
    `429/s ${number(total.rateLimitedPerSecond)}`,
    `breakers ${troubled.length === 0 ? 'all CLOSED' : troubled.join('; ')}`,
  ].join('  ');
}
