import { afterAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/schema.js';
import { createUpstreams } from '../forward/upstream.js';
import { upstreamTimeoutApplier } from './appliers.js';

const upstreams = createUpstreams(
  {
    auth_service: { url: 'http://127.0.0.1:1', prefix: '/api' },
    app_service: { url: 'http://127.0.0.1:2', prefix: '/api' },
  },
  { connections: 1, connectTimeoutMs: 100, timeoutMs: 30_000 },
);

afterAll(async () => {
  await Promise.all(Object.values(upstreams).map((service) => service.close()));
});

describe('upstream timeout applier', () => {
  it('sets a service timeout from the policy and returns to the configured one when cleared', () => {
    const apply = upstreamTimeoutApplier(upstreams);
    const base = defaultPolicy();
    const tightened = {
      ...base,
      breakers: { ...base.breakers, app_service: { ...base.breakers.app_service, timeoutMs: 250 } },
    };
    apply(base, tightened);
    expect(upstreams.app_service.timeoutMs).toBe(250);
    expect(upstreams.auth_service.timeoutMs).toBe(30_000);
    apply(tightened, base);
    expect(upstreams.app_service.timeoutMs).toBe(30_000);
  });
});
