import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoTimeField } from './iso-time.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('isoTimeField', () => {
  it('writes the same field as toISOString across milliseconds, seconds, days and years', () => {
    vi.useFakeTimers();
    const starts = [Date.UTC(2026, 10, 27, 3, 9, 15, 0), Date.UTC(2026, 11, 31, 23, 59, 59, 990)];
    for (const start of starts) {
      for (let step = 0; step < 2_500; step += 7) {
        vi.setSystemTime(start + step);
        expect(isoTimeField()).toBe(`,"time":"${new Date(start + step).toISOString()}"`);
      }
    }
  });

  it('answers again within the same millisecond with the field it made', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 0, 0, 0, 5));
    const first = isoTimeField();
    expect(isoTimeField()).toBe(first);
    expect(first).toBe(',"time":"2026-01-01T00:00:00.005Z"');
  });
});
