import { describe, expect, it } from 'vitest';
import { paintState } from './colour.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('pads columns to the widest cell under upper-case headers', () => {
    expect(
      renderTable(
        ['pod', 'state'],
        [
          ['pod-a', 'OPEN'],
          ['p', 'CLOSED'],
        ],
      ),
    ).toBe(['POD     STATE', 'pod-a   OPEN', 'p       CLOSED'].join('\n'));
  });

  it('keeps columns aligned when a cell is coloured', () => {
    const red = { text: 'OPEN', paint: (padded: string) => paintState(padded, 'OPEN', true) };
    const lines = renderTable(
      ['state', 'pod'],
      [
        [red, 'a'],
        ['CLOSED', 'b'],
      ],
    ).split('\n');
    expect(lines[1]).toBe('\u001b[31mOPEN  \u001b[39m   a');
    expect(lines[2]).toBe('CLOSED   b');
  });
});

describe('paintState', () => {
  it('colours OPEN and HALF_OPEN only when enabled, and never CLOSED', () => {
    expect(paintState('OPEN', 'OPEN', false)).toBe('OPEN');
    expect(paintState('HALF_OPEN', 'HALF_OPEN', true)).toBe('\u001b[33mHALF_OPEN\u001b[39m');
    expect(paintState('CLOSED', 'CLOSED', true)).toBe('CLOSED');
  });
});
