import { describe, expect, it } from 'vitest';
import { LocalWindows } from './window.js';

describe('LocalWindows (sliding-window log)', () => {
  it('accepts up to the limit within the window and refuses the rest without recording them', () => {
    let now = 1_000_000;
    const windows = new LocalWindows(10, () => now);
    const decisions = Array.from({ length: 5 }, () => windows.take('a', 3, 60_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[2]).toMatchObject({ count: 3, resetAtMs: 1_060_000 });
    now += 59_999;
    expect(windows.take('a', 3, 60_000).allowed).toBe(false);
    now += 1;
    // All three accepted requests aged out at once; the refused ones never counted.
    expect(windows.take('a', 3, 60_000)).toMatchObject({ allowed: true, count: 1 });
  });

  it('has no window edge: never more than the limit in any window-long span', () => {
    let now = 0;
    const windows = new LocalWindows(10, () => now);
    const accepted: number[] = [];
    for (now = 0; now < 180_000; now += 250) if (windows.take('a', 10, 60_000).allowed) accepted.push(now);
    for (const start of accepted) {
      expect(accepted.filter((at) => at >= start && at < start + 60_000).length).toBeLessThanOrEqual(10);
    }
    expect(accepted.length).toBe(30);
  });

  it('holds a few dozen entries per client at a high limit, and counts every accepted request', () => {
    let now = 0;
    const windows = new LocalWindows(10, () => now);
    let accepted = 0;
    for (let request = 0; request < 20_000; request++) {
      now = request / 10;
      if (windows.take('a', 1_000_000, 1_000).allowed) accepted++;
    }
    expect(accepted).toBe(20_000);
    expect(windows.entriesOf('a')).toBeLessThanOrEqual(65);
    expect(windows.take('a', 1_000_000, 1_000).count).toBeGreaterThanOrEqual(10_000);
  });

  it('frees a slot at most a 64th of the window late, never early', () => {
    let now = 0;
    const windows = new LocalWindows(10, () => now);
    expect(windows.take('a', 2, 64_000).allowed).toBe(true);
    now = 900;
    // Same 1-second slice as the first: both now leave the window with the later one.
    expect(windows.take('a', 2, 64_000)).toMatchObject({ allowed: true, count: 2, resetAtMs: 64_900 });
    now = 64_000;
    expect(windows.take('a', 2, 64_000).allowed).toBe(false);
    now = 64_900;
    expect(windows.take('a', 2, 64_000)).toMatchObject({ allowed: true, count: 1 });
  });

  it('keeps clients apart and forgets the least recently seen beyond its capacity', () => {
    const windows = new LocalWindows(2, () => 0);
    windows.take('a', 1, 1_000);
    windows.take('b', 1, 1_000);
    expect(windows.take('b', 1, 1_000).allowed).toBe(false);
    windows.take('c', 1, 1_000);
    expect(windows.size).toBe(2);
    expect(windows.take('a', 1, 1_000).allowed).toBe(true);
  });
});
