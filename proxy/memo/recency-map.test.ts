import { describe, expect, it } from 'vitest';
import { RecencyMap } from './recency-map.js';

const keysOf = (map: RecencyMap<string, number>) => [...map.entries()].map(([key]) => key);

describe('RecencyMap', () => {
  it('answers what was set, and a set replaces the value and moves it to the young end', () => {
    const map = new RecencyMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    expect(map.get('a')).toBe(3);
    expect(keysOf(map)).toEqual(['b', 'a']);
    expect(map.oldest()).toEqual(['b', 2]);
  });

  it('moves a read entry to the young end once half the map went in after it', () => {
    const map = new RecencyMap<string, number>();
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 0);
    map.get('d');
    map.get('c');
    expect(keysOf(map)).toEqual(['a', 'b', 'c', 'd']);
    map.get('b');
    expect(keysOf(map)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('never lets an entry read once per half a map of insertions reach the old end', () => {
    const map = new RecencyMap<string, number>();
    const capacity = 10;
    for (let i = 0; i < 1_000; i++) {
      if (map.size >= capacity) {
        const [oldest] = map.oldest() ?? [];
        expect(oldest).not.toBe('hot');
        if (oldest !== undefined) map.delete(oldest);
      }
      map.set(`cold-${i}`, i);
      if (i === 0) map.set('hot', -1);
      if (i % 5 === 0) expect(map.get('hot')).toBe(-1);
    }
  });

  it('forgets deleted and cleared entries', () => {
    const map = new RecencyMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    expect(map.delete('a')).toBe(true);
    expect(map.get('a')).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(map.oldest()).toBeUndefined();
  });
});
