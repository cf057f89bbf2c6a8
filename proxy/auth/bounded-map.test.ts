import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './bounded-map.js';

describe('ExpiringMap', () => {
  it('returns a value until its expiry, and nothing from then on', () => {
    const map = new ExpiringMap<string, number>(10);
    map.set('a', 1, 1_000);
    expect(map.get('a', 999)).toBe(1);
    expect(map.get('a', 1_000)).toBeUndefined();
  });

  it('deletes an expired entry when it is read', () => {
    const map = new ExpiringMap<string, number>(10);
    map.set('a', 1, 1_000);
    map.get('a', 2_000);
    expect(map.size).toBe(0);
  });

  it('evicts the oldest entry when full, so memory stays bounded', () => {
    const map = new ExpiringMap<string, number>(2);
    const later = Date.now() + 60_000;
    map.set('a', 1, later);
    map.set('b', 2, later);
    map.set('c', 3, later);
    expect(map.size).toBe(2);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('overwrites an existing key in place without evicting another one', () => {
    const map = new ExpiringMap<string, number>(2);
    const later = Date.now() + 60_000;
    map.set('a', 1, later);
    map.set('b', 2, later);
    map.set('a', 10, later);
    expect([map.get('a'), map.get('b'), map.size]).toEqual([10, 2, 2]);
  });

  it('clear empties the map', () => {
    const map = new ExpiringMap<string, number>(2);
    map.set('a', 1, Date.now() + 60_000);
    map.clear();
    expect(map.size).toBe(0);
  });
});
