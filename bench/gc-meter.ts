import type { ServerRole } from './scenarios.js';

/** The gateway's own processes, which export prom-client's default metrics; the peers do not. */
export const exportsGcMetrics = (role: ServerRole) => role.startsWith('proxy') || role.startsWith('baseline');

const gcSum = /^nodejs_gc_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)$/gm;

/**
 * Seconds the process has spent in garbage-collection pauses so far, every kind summed, from its
 * own `/metrics` (prom-client's `nodejs_gc_duration_seconds`): what a collection costs the
 * requests it stops, which a change to the hot path can move without moving its instructions.
 */
export async function gcPauseSeconds(serverUrl: string): Promise<number> {
  const response = await fetch(`${serverUrl}/metrics`);
  if (!response.ok) return Number.NaN;
  return sumOfGcPauses(await response.text());
}

export function sumOfGcPauses(exposition: string): number {
  let seconds = 0;
  for (const [, value] of exposition.matchAll(gcSum)) seconds += Number(value);
  return seconds;
}
