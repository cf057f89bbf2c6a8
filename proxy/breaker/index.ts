import { EventEmitter } from 'node:events';
import type { CallGuard } from '../forward/upstream.js';
import type { ServiceName } from '../routes/table.js';
import { ServiceBreaker } from './service-breaker.js';
import type { BreakerSettings, BreakerSnapshot, BreakerTransition, ForcedState } from './types.js';

export type {
  BreakerSettings,
  BreakerSnapshot,
  BreakerState,
  BreakerTransition,
  ForcedState,
} from './types.js';

/**
 * The pod's circuit breakers, one per upstream service. Emits `transition` on every change of a
 * breaker's visible state; the control plane drives `force`, `reset` and `configure`.
 */
export class BreakerSet extends EventEmitter<{ transition: [BreakerTransition] }> {
  readonly #breakers: Record<ServiceName, ServiceBreaker>;

  constructor(settings: BreakerSettings) {
    super();
    assertSettings(settings);
    const create = (service: ServiceName) =>
      new ServiceBreaker(service, settings, (from, to) =>
        this.emit('transition', { service, from, to, at: new Date().toISOString() }),
      );
    this.#breakers = { auth_service: create('auth_service'), app_service: create('app_service') };
  }

  guardFor(service: ServiceName): CallGuard {
    return this.#breakers[service];
  }

  snapshot(): Record<ServiceName, BreakerSnapshot> {
    return {
      auth_service: this.#breakers.auth_service.snapshot(),
      app_service: this.#breakers.app_service.snapshot(),
    };
  }

  /** Pins a breaker OPEN or CLOSED until `untilMs` (epoch milliseconds), or until `reset`. */
  force(service: ServiceName, state: ForcedState, untilMs?: number): void {
    this.#breakers[service].force(state, untilMs);
  }

  /** Clears forcing and counters; the breaker is CLOSED. */
  reset(service: ServiceName): void {
    this.#breakers[service].reset();
  }

  configure(service: ServiceName, settings: BreakerSettings): void {
    assertSettings(settings);
    this.#breakers[service].configure(settings);
  }

  /** Stops the timers; the set is unusable afterwards. */
  close(): void {
    for (const breaker of Object.values(this.#breakers)) breaker.close();
    this.removeAllListeners();
  }
}

/** A zero threshold or trial budget would open on nothing or never admit a trial. */
function assertSettings(settings: BreakerSettings): void {
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`breaker setting ${name} must be a positive integer, got ${value}`);
  }
}
