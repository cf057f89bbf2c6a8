import type { Gauge } from 'prom-client';
import type { Logger } from '../../shared/logger/index.js';
import type { BreakerSet, BreakerState } from './index.js';

/** `bff_circuit_breaker_state` values (CONTRACT §6.2). */
export const gaugeValueOf: Record<BreakerState, number> = { CLOSED: 0, OPEN: 1, HALF_OPEN: 2 };

const logLevelOf: Record<BreakerState, 'warn' | 'info'> = { OPEN: 'warn', HALF_OPEN: 'info', CLOSED: 'info' };

/** Publishes every breaker's state on the gauge from the start, and logs each transition once. */
export function observeBreakers(breakers: BreakerSet, gauge: Gauge<'service'>, logger: Logger): void {
  for (const [service, snapshot] of Object.entries(breakers.snapshot()))
    gauge.labels(service).set(gaugeValueOf[snapshot.state]);
  breakers.on('transition', (transition) => {
    gauge.labels(transition.service).set(gaugeValueOf[transition.to]);
    logger[logLevelOf[transition.to]]({ breaker: transition }, 'circuit breaker transition');
  });
}
