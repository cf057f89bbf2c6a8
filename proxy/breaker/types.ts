import type { ServiceName } from '../routes/table.js';

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';
/** A state an operator can pin a breaker to. */
export type ForcedState = 'OPEN' | 'CLOSED';

export interface BreakerSettings {
  /** Consecutive failures that open a closed breaker. */
  failureThreshold: number;
  /** How long an open breaker fails fast before it lets trial calls through. */
  resetTimeoutMs: number;
  /** Trial calls a half-open breaker lets through at once; the rest fail fast. */
  halfOpenMaxCalls: number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  /** Consecutive failures so far; 0 after any success. */
  failures: number;
  /** ISO-8601 UTC time of the last failure, or null. */
  last_failure: string | null;
  forced: ForcedState | null;
  /** ISO-8601 UTC time a forced state lapses, or null when it holds until reset. */
  forced_until: string | null;
  settings: BreakerSettings;
}

export interface BreakerTransition {
  service: ServiceName;
  from: BreakerState;
  to: BreakerState;
  /** ISO-8601 UTC. */
  at: string;
}
