import { describe, expect, it } from 'vitest';
import { ago, formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1_500],
    ['2d', 172_800_000],
    ['45', 45_000],
    [' 2S ', 2_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10x', 'm', '10 m', '-5s', 'soon', '1h-'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration and ago', () => {
  it.each([
    [850, '850ms'],
    [42_000, '42s'],
    [545_000, '9m 5s'],
    [600_000, '10m'],
    [10_920_000, '3h 2m'],
    [187_200_000, '2d 4h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says how long ago a timestamp was, and - without one', () => {
    const now = Date.parse('2030-01-01T00:01:00Z');
    expect(ago('2030-01-01T00:00:30Z', now)).toBe('30s ago');
    expect(ago(null, now)).toBe('-');
  });
});
