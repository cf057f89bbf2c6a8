import type { PodsResponse } from '../../shared/control-api/index.js';
import { paintState } from './colour.js';
import { ago } from './duration.js';
import { type Row, renderTable } from './table.js';

/** Breakers that are not CLOSED on this pod, e.g. `app_service=OPEN`; `-` when all are closed. */
function troubledBreakers(pod: PodsResponse['pods'][number], colour: boolean): string {
  const troubled = Object.entries(pod.breakers).filter(([, breaker]) => breaker.state !== 'CLOSED');
  if (troubled.length === 0) return '-';
  return troubled
    .map(([service, breaker]) => `${service}=${paintState(breaker.state, breaker.state, colour)}`)
    .join(' ');
}

export function podsTable(response: PodsResponse, colour: boolean, now = Date.now()): string {
  const rows: Row[] = response.pods.map((pod) => [
    pod.podId,
    pod.address,
    pod.version,
    ago(pod.started, now).replace(/ ago$/, ''),
    ago(pod.lastHeartbeat, now),
    `v${pod.policyVersion}`,
    pod.redis,
    troubledBreakers(pod, colour),
  ]);
  return renderTable(['pod', 'address', 'version', 'up', 'heartbeat', 'policy', 'redis', 'breakers'], rows);
}
