import { serviceNames } from '../../shared/domain/names.js';
import type { BreakerPolicy } from '../../shared/policy/schema.js';
import type { BreakerSet } from '../breaker/index.js';
import type { Upstreams } from '../forward/upstream.js';
import type { DataType } from '../routes/table.js';
import type { PolicyApplier } from './live-policy.js';

/**
 * Breakers follow the policy by difference: settings that changed are reconfigured, a new
 * `resetAt` resets counters, and a changed override is forced (or, when cleared or already
 * lapsed, removed by a reset). An unchanged override is left alone, so its own TTL timer runs on.
 */
export function breakerApplier(breakers: BreakerSet): PolicyApplier {
  return (previous, next) => {
    for (const service of serviceNames) {
      const before = previous.breakers[service];
      const after = next.breakers[service];
      if (settingsChanged(before, after)) {
        breakers.configure(service, {
          failureThreshold: after.failureThreshold,
          resetTimeoutMs: after.resetTimeoutMs,
          halfOpenMaxCalls: after.halfOpenMaxCalls,
        });
      }
      if (after.resetAt !== null && after.resetAt !== before.resetAt) breakers.reset(service);
      if (after.forced !== before.forced || after.forcedUntil !== before.forcedUntil) {
        const untilMs = after.forcedUntil === null ? undefined : Date.parse(after.forcedUntil);
        if (after.forced === null || (untilMs !== undefined && untilMs <= Date.now()))
          breakers.reset(service);
        else breakers.force(service, after.forced, untilMs);
      }
    }
  };
}

/** Per-service upstream timeouts from the policy; null returns a service to its configured one. */
export function upstreamTimeoutApplier(upstreams: Upstreams): PolicyApplier {
  const configured = Object.fromEntries(serviceNames.map((name) => [name, upstreams[name].timeoutMs]));
  return (_previous, next) => {
    for (const service of serviceNames) {
      upstreams[service].timeoutMs = next.breakers[service].timeoutMs ?? configured[service];
    }
  };
}

const settingsChanged = (a: BreakerPolicy, b: BreakerPolicy) =>
  a.failureThreshold !== b.failureThreshold ||
  a.resetTimeoutMs !== b.resetTimeoutMs ||
  a.halfOpenMaxCalls !== b.halfOpenMaxCalls;

/** What the pod's response cache offers the policy. */
export interface TtlTarget {
  ttls(): Record<DataType, number>;
  setTtls(ttls: Partial<Record<DataType, number>>): void;
}

/** Policy TTLs override the pod's configured ones; a type the policy drops returns to its own. */
export function cacheTtlApplier(cache: TtlTarget): PolicyApplier {
  const configured = cache.ttls();
  return (_previous, next) => cache.setTtls({ ...configured, ...next.cacheTtls });
}
