import { useCallback, useEffect, useRef, useState } from 'react';
import type { ControlClient } from '../client/control-client.js';
import { fetchSnapshot, type Snapshot } from './snapshot.js';

/** Requests per second of the last minute or so, for the sparkline. */
const historyLength = 120;

export interface SnapshotState {
  /** The last snapshot that arrived; kept while control is away so the screen stays useful. */
  snapshot?: Snapshot;
  /** Why the last poll failed; undefined while connected. */
  error?: string;
  requestRates: number[];
  updatedAt?: number;
}

/**
 * Polls control every `refreshMs`, one request at a time (a slow control never piles up polls),
 * and keeps retrying when it fails. `refresh()` polls at once, e.g. after an action.
 */
export function useSnapshot(
  client: ControlClient,
  refreshMs: number,
): SnapshotState & { refresh: () => void } {
  const [state, setState] = useState<SnapshotState>({ requestRates: [] });
  const wake = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let again = false;
    let timer: NodeJS.Timeout | undefined;
    const poll = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      clearTimeout(timer);
      try {
        const snapshot = await fetchSnapshot(client);
        if (!stopped) {
          setState((previous) => ({
            snapshot,
            requestRates: [...previous.requestRates, snapshot.metrics.total.requestsPerSecond].slice(
              -historyLength,
            ),
            updatedAt: Date.now(),
          }));
        }
      } catch (error) {
        if (!stopped) {
          setState((previous) => ({
            ...previous,
            error: error instanceof Error ? error.message : String(error),
          }));
        }
      }
      inFlight = false;
      if (stopped) return;
      if (again) {
        again = false;
        void poll();
      } else timer = setTimeout(poll, refreshMs);
    };
    wake.current = () => void poll();
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, refreshMs]);

  const refresh = useCallback(() => wake.current(), []);
  return { ...state, refresh };
}
