import { describe, expect, it } from 'vitest';
import { diffJson, formatChange } from './diff.js';

describe('diffJson', () => {
  const before = { version: 1, rateLimits: { default: { limit: 100 }, users: {} }, cacheTtls: { tasks: 30 } };
  const after = {
    version: 2,
    rateLimits: { default: { limit: 200 }, users: { '42': { limit: 5 } } },
    cacheTtls: {},
  };

  it('lists changed, added and removed leaves by path, ignoring the given fields', () => {
    expect(diffJson(before, after, ['version']).map(formatChange)).toEqual([
      '- cacheTtls.tasks: 30',
      '~ rateLimits.default.limit: 100 → 200',
      '+ rateLimits.users.42.limit: 5',
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffJson(before, structuredClone(before))).toEqual([]);
  });

  it('treats an array as one value', () => {
    expect(diffJson({ a: [1, 2] }, { a: [1, 3] })).toEqual([{ path: 'a', before: [1, 2], after: [1, 3] }]);
  });
});
