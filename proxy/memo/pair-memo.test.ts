import { describe, expect, it } from 'vitest';
import { PairMemo } from './pair-memo.js';

describe('PairMemo', () => {
  it('makes a value once per pair and answers the same value for that pair after', () => {
    const made: string[] = [];
    const memo = new PairMemo((a, b) => {
      made.push(`${a}|${b}`);
      return { pair: `${a}|${b}` };
    });
    const first = memo.get('tasks', '200');
    expect(memo.get('tasks', '200')).toBe(first);
    expect(memo.get('tasks', '500')).toEqual({ pair: 'tasks|500' });
    expect(memo.get('goals', '200')).toEqual({ pair: 'goals|200' });
    expect(made).toEqual(['tasks|200', 'tasks|500', 'goals|200']);
  });

  it('keeps pairs apart that would join into the same key', () => {
    const memo = new PairMemo((a, b) => `${a}${b}`.length + a.length);
    expect(memo.get('ab', 'c')).not.toBe(memo.get('a', 'bc'));
  });

  it('starts over past its bound on first strings and still answers correctly', () => {
    let made = 0;
    const memo = new PairMemo((a, b) => {
      made += 1;
      return `${a}:${b}`;
    }, 2);
    expect(memo.get('a', 'x')).toBe('a:x');
    expect(memo.get('b', 'x')).toBe('b:x');
    expect(memo.get('c', 'x')).toBe('c:x');
    expect(made).toBe(3);
    expect(memo.get('a', 'x')).toBe('a:x');
    expect(made).toBe(4);
  });
});
