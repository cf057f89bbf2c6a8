import { describe, expect, it } from 'vitest';
import { hundredths, jsonString } from './log-text.js';

describe('jsonString', () => {
  it('writes what JSON.stringify writes, for plain and for hostile text', () => {
    const samples = [
      '/app/tasks',
      'GET',
      '900001',
      '::ffff:127.0.0.1',
      '',
      'a"b',
      'back\\slash',
      'tab\there',
      'nl\n',
      'é',
      '\u2028',
      '\ud800',
      '\u007f',
    ];
    for (const text of samples) expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});

describe('hundredths', () => {
  it('writes milliseconds as String(Math.round(ms * 100) / 100) does', () => {
    for (let i = 0; i < 20_000; i++) {
      const ms = i < 10_000 ? i / 997 : Math.random() * 10 ** (i % 7);
      expect(hundredths(ms)).toBe(String(Math.round(ms * 100) / 100));
    }
  });

  it('falls back to the generic form for values no request duration has', () => {
    for (const ms of [-1.234, 1e12 + 0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(hundredths(ms)).toBe(String(Math.round(ms * 100) / 100));
  });
});
