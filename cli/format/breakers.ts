import type { BreakersResponse } from '../../shared/control-api/index.js';
import type { BreakerPolicy } from '../../shared/policy/schema.js';
import { paintState } from './colour.js';
import { ago, formatDuration } from './duration.js';
import { type Row, renderTable } from './table.js';

/** The operator's override in words: `OPEN for 9m 59s`, `CLOSED until changed`, or `-`. */
export function forcedText(policy: BreakerPolicy, now = Date.now()): string {
  if (!policy.forced) return '-';
  if (!policy.forcedUntil) return `${policy.forced} until changed`;
  const left = Date.parse(policy.forcedUntil) - now;
  return left > 0 ? `${policy.forced} for ${formatDuration(left)}` : `${policy.forced} (lapsing)`;
}

/** One line per service and pod; service, cluster state and override only on a service's first line. */
export function breakersTable(response: BreakersResponse, colour: boolean, now = Date.now()): string {
  const state = (text: string) => ({ text, paint: (padded: string) => paintState(padded, text, colour) });
  const rows: Row[] = Object.entries(response.services).flatMap(([service, view]) => {
    const head = [service, state(view.summary.state)];
    const forced = forcedText(view.policy, now);
    if (view.pods.length === 0) return [[...head, '-', '-', '-', '-', forced]];
    return view.pods.map(
      (pod, index): Row => [
        ...(index === 0 ? head : ['', '']),
        pod.podId,
        state(pod.state),
        String(pod.failures),
        ago(pod.lastFailure, now),
        index === 0 ? forced : '',
      ],
    );
  });
  return renderTable(['service', 'cluster', 'pod', 'state', 'failures', 'last failure', 'forced'], rows);
}
