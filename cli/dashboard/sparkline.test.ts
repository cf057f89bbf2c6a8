import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('scales values to the largest shown', () => {
    expect(sparkline([0, 1, 2, 4, 8], 10)).toBe('▁▂▃▅█');
  });

  it('shows only the last `width` values', () => {
    expect(sparkline([100, 1, 1], 2)).toBe('██');
  });

  it('draws a flat line when everything is zero, and nothing without values', () => {
    expect(sparkline([0, 0, 0], 5)).toBe('▁▁▁');
    expect(sparkline([], 5)).toBe('');
  });
});
