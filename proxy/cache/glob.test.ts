import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';

describe('globToRegExp (Redis MATCH syntax)', () => {
  it.each([
    ['bff:cache:{1}:*', 'bff:cache:{1}:g0:app_service/tasks:', true],
    ['bff:cache:{1}:*', 'bff:cache:{12}:g0:app_service/tasks:', false],
    ['h?llo', 'hallo', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hello', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['a.b', 'axb', false],
  ])('%s against %s is %s', (pattern, key, expected) => {
    expect(globToRegExp(pattern).test(key)).toBe(expected);
  });
});
