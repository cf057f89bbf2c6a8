import CircuitBreaker from 'opossum';
import { type CallGuard, CircuitOpenError, type GuardedCall, startCall } from '../forward/upstream.js';
import type { ServiceName } from '../routes/table.js';
import { type CallOutcome, outcomeOfError } from './outcome.js';
import { Override } from './override.js';
import type { BreakerSettings, BreakerSnapshot, BreakerState, ForcedState } from './types.js';

/** What a call was admitted as, so its outcome is judged against the phase that let it in. */
interface Ticket {
  readonly epoch: number;
  readonly trial: boolean;
}

/** The retry hint while half-open trials are still deciding. */
const trialRetryAfterS = 1;

/**
 * opossum only holds the state: calls never go through `fire()`, because its admission counts
 * failures as a percentage of a rolling window and lets exactly one half-open probe through.
 */
const notFired = () => Promise.reject(new Error('calls are admitted by ServiceBreaker, not fired'));

/**
 * One upstream's circuit breaker. opossum holds the natural state, the open → half-open timer and
 * the transition events; this class decides admission — N consecutive failures open it, a
 * half-open breaker lets at most M trials through at once — and layers an operator's forced state
 * on top. Only an outcome of a call admitted in the current phase moves the state.
 */
export class ServiceBreaker implements CallGuard {
  #settings: BreakerSettings;
  #circuit: CircuitBreaker;
  #failures = 0;
  #lastFailureAt: number | null = null;
  #halfOpenDueAt = 0;
  #trialsInFlight = 0;
  /** Bumped on every natural transition; older tickets no longer move the state. */
  #epoch = 0;
  /** The state clients see: forced, or else natural. */
  #state: BreakerState = 'CLOSED';
  readonly #override = new Override(() => this.#publish());

  constructor(
    readonly service: ServiceName,
    settings: BreakerSettings,
    private readonly onTransition: (from: BreakerState, to: BreakerState) => void,
  ) {
    this.#settings = { ...settings };
    this.#circuit = this.#createCircuit();
  }

  get state(): BreakerState {
    return this.#state;
  }

  async run<T>(call: GuardedCall<T>, isFailure: (result: T) => boolean): Promise<T> {
    const ticket = this.#admit();
    let outcome: CallOutcome = 'neutral';
    try {
      const result = await startCall(call);
      outcome = isFailure(result) ? 'failure' : 'success';
      return result;
    } catch (error) {
      outcome = outcomeOfError(error);
      throw error;
    } finally {
      this.#settle(ticket, outcome);
    }
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.#state,
      failures: this.#failures,
      last_failure: isoOrNull(this.#lastFailureAt),
      forced: this.#override.state,
      forced_until: isoOrNull(this.#override.untilMs),
      settings: { ...this.#settings },
    };
  }

  /** Pins the state until `untilMs` (epoch ms) or until reset. Forced CLOSED starts a fresh count. */
  force(state: ForcedState, untilMs?: number): void {
    this.#override.set(state, untilMs);
    if (state === 'CLOSED') {
      this.#failures = 0;
      this.#circuit.close();
    }
    this.#publish();
  }

  /** Back to a fresh CLOSED breaker: no forcing, no failures on record. */
  reset(): void {
    this.#override.clear();
    this.#failures = 0;
    this.#lastFailureAt = null;
    this.#circuit.close();
    this.#publish();
  }

  /**
   * Applies new settings at once. A new threshold or trial budget counts from the next call; a new
   * reset timeout restarts the wait of an open breaker (opossum restores the state with it).
   */
  configure(settings: BreakerSettings): void {
    const previous = this.#settings;
    this.#settings = { ...settings };
    if (settings.resetTimeoutMs === previous.resetTimeoutMs) return;
    const before = this.#natural();
    const state = this.#circuit.toJSON().state;
    this.#circuit.shutdown();
    this.#circuit = this.#createCircuit(state);
    if (this.#natural() !== before) this.#onNaturalTransition();
    else if (this.#circuit.opened) this.#halfOpenDueAt = Date.now() + settings.resetTimeoutMs;
  }

  close(): void {
    this.#override.clear();
    this.#circuit.shutdown();
  }

  #admit(): Ticket {
    const forced = this.#override.state;
    if (forced === 'OPEN') {
      const until = this.#override.untilMs ?? Date.now() + this.#settings.resetTimeoutMs;
      throw new CircuitOpenError(this.service, secondsUntil(until));
    }
    if (forced === null && this.#circuit.opened)
      throw new CircuitOpenError(this.service, secondsUntil(this.#halfOpenDueAt));
    if (forced === null && this.#circuit.halfOpen) {
      if (this.#trialsInFlight >= this.#settings.halfOpenMaxCalls)
        throw new CircuitOpenError(this.service, trialRetryAfterS);
      this.#trialsInFlight++;
      return { epoch: this.#epoch, trial: true };
    }
    return { epoch: this.#epoch, trial: false };
  }

  #settle(ticket: Ticket, outcome: CallOutcome): void {
    if (outcome === 'failure') this.#lastFailureAt = Date.now();
    if (ticket.epoch !== this.#epoch) return;
    if (ticket.trial) this.#trialsInFlight--;
    if (outcome === 'neutral') return;
    if (outcome === 'success') {
      this.#failures = 0;
      if (this.#circuit.halfOpen) this.#circuit.close();
      return;
    }
    this.#failures++;
    if (this.#circuit.halfOpen) this.#circuit.open();
    else if (
      this.#circuit.closed &&
      this.#override.state !== 'CLOSED' &&
      this.#failures >= this.#settings.failureThreshold
    )
      this.#circuit.open();
  }

  #natural(): BreakerState {
    if (this.#circuit.opened) return 'OPEN';
    return this.#circuit.halfOpen ? 'HALF_OPEN' : 'CLOSED';
  }

  readonly #onNaturalTransition = (): void => {
    this.#epoch++;
    this.#trialsInFlight = 0;
    if (this.#circuit.opened) this.#halfOpenDueAt = Date.now() + this.#settings.resetTimeoutMs;
    this.#publish();
  };

  #publish(): void {
    const next = this.#override.state ?? this.#natural();
    if (next === this.#state) return;
    const from = this.#state;
    this.#state = next;
    this.onTransition(from, next);
  }

  #createCircuit(state?: CircuitBreaker.State): CircuitBreaker {
    const circuit = new CircuitBreaker(notFired, {
      name: this.service,
      resetTimeout: this.#settings.resetTimeoutMs,
      timeout: false,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
      ...(state ? { state } : {}),
    });
    circuit.on('open', this.#onNaturalTransition);
    circuit.on('halfOpen', this.#onNaturalTransition);
    circuit.on('close', this.#onNaturalTransition);
    return circuit;
  }
}

function secondsUntil(epochMs: number): number {
  return Math.max(1, Math.ceil((epochMs - Date.now()) / 1000));
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
