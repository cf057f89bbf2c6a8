import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';
import { defaultPolicy, policyDocumentSchema } from './schema.js';
import { validatePolicySettings } from './validate.js';

describe('policy schema', () => {
  it('fills an empty document with the proxy env defaults', () => {
    const policy = defaultPolicy();
    expect(policy.rateLimits).toEqual({
      enabled: true,
      default: { limit: 100, periodSeconds: 60 },
      routeGroups: {},
      users: {},
    });
    expect(policy.breakers.auth_service).toEqual({
      failureThreshold: 5,
      resetTimeoutMs: 30_000,
      halfOpenMaxCalls: 3,
      timeoutMs: null,
      forced: null,
      forcedUntil: null,
      resetAt: null,
    });
    expect(policyDocumentSchema.parse(policy)).toEqual(policy);
  });

  it('names each invalid field by its dotted path, unknown fields included', () => {
    const result = validatePolicySettings({
      rateLimits: {
        routeGroups: { admin: { limit: 1, periodSeconds: 1 } },
        users: { '1': { limit: 1.5, periodSeconds: 1 } },
      },
      breakers: { auth_service: { forcedUntil: 'tomorrow' } },
      extra: true,
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    expect(paths.sort()).toEqual([
      'breakers.auth_service.forcedUntil',
      'extra',
      'rateLimits.routeGroups.admin',
      'rateLimits.users.1.limit',
    ]);
  });

  it('ignores the server-set fields of a fetched document', () => {
    expect(validatePolicySettings({ version: 9, updatedAt: 'x', updatedBy: 'y' }).ok).toBe(true);
  });
});

describe('mergePatch (RFC 7396)', () => {
  it('merges objects, replaces other values and removes keys set to null', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1], e: 1 }, { a: { b: 3, c: null }, d: [2], f: 'x' })).toEqual(
      {
        a: { b: 3 },
        d: [2],
        e: 1,
        f: 'x',
      },
    );
  });
});
