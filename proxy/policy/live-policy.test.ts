import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger/index.js';
import { defaultPolicy, type PolicyDocument } from '../../shared/policy/schema.js';
import { BreakerSet } from '../breaker/index.js';
import type { DataType } from '../routes/table.js';
import { breakerApplier, cacheTtlApplier, type TtlTarget } from './appliers.js';
import { LivePolicy } from './live-policy.js';

const logger = createLogger('test', 'silent');
const settings = { failureThreshold: 5, resetTimeoutMs: 30_000, halfOpenMaxCalls: 3 };
let breakers: BreakerSet;

afterEach(() => breakers?.close());

function version(n: number, change: (policy: PolicyDocument) => void = () => {}): PolicyDocument {
  const policy = { ...defaultPolicy(), version: n };
  policy.breakers = {
    auth_service: { ...policy.breakers.auth_service },
    app_service: { ...policy.breakers.app_service },
  };
  change(policy);
  return policy;
}

describe('LivePolicy', () => {
  it('applies only newer versions, so a late or repeated announcement changes nothing', () => {
    breakers = new BreakerSet(settings);
    const live = new LivePolicy(version(0), [breakerApplier(breakers)], logger);
    expect(live.apply(version(2, (p) => (p.rateLimits.default = { limit: 7, periodSeconds: 1 })))).toBe(true);
    expect(live.apply(version(1))).toBe(false);
    expect(live.apply(version(2))).toBe(false);
    expect(live.current.rateLimits.default.limit).toBe(7);
  });
});

describe('breakerApplier', () => {
  it('reconfigures changed settings, forces and clears overrides, and resets on a new resetAt', () => {
    breakers = new BreakerSet(settings);
    const live = new LivePolicy(version(0), [breakerApplier(breakers)], logger);
    const until = new Date(Date.now() + 60_000).toISOString();
    live.apply(
      version(1, (p) => {
        p.breakers.app_service.failureThreshold = 2;
        p.breakers.app_service.forced = 'OPEN';
        p.breakers.app_service.forcedUntil = until;
      }),
    );
    const forced = breakers.snapshot().app_service;
    expect(forced).toMatchObject({ state: 'OPEN', forced: 'OPEN', forced_until: until });
    expect(forced.settings.failureThreshold).toBe(2);
    expect(breakers.snapshot().auth_service.forced).toBeNull();

    live.apply(version(2, (p) => (p.breakers.app_service.failureThreshold = 2)));
    expect(breakers.snapshot().app_service).toMatchObject({ state: 'CLOSED', forced: null });
  });

  it('does not re-force an override whose time already passed', () => {
    breakers = new BreakerSet(settings);
    const live = new LivePolicy(version(0), [breakerApplier(breakers)], logger);
    live.apply(
      version(1, (p) => {
        p.breakers.auth_service.forced = 'OPEN';
        p.breakers.auth_service.forcedUntil = new Date(Date.now() - 1_000).toISOString();
      }),
    );
    expect(breakers.snapshot().auth_service).toMatchObject({ state: 'CLOSED', forced: null });
  });
});

describe('cacheTtlApplier', () => {
  it('overrides the configured TTLs and returns a type to its own when the policy drops it', () => {
    const ttls = { tasks: 60, goals: 120 } as Record<DataType, number>;
    const cache: TtlTarget = { ttls: () => ({ ...ttls }), setTtls: (next) => Object.assign(ttls, next) };
    const live = new LivePolicy(version(0), [cacheTtlApplier(cache)], logger);
    live.apply(version(1, (p) => (p.cacheTtls = { tasks: 5 })));
    expect(ttls).toMatchObject({ tasks: 5, goals: 120 });
    live.apply(version(2));
    expect(ttls).toMatchObject({ tasks: 60, goals: 120 });
  });
});
