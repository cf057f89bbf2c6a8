import { describe, expect, it } from 'vitest';
import { type Mode, onKey } from './keys.js';

const browse: Mode = { kind: 'browse' };
const press = (input: string, extra: Record<string, boolean> = {}) => ({ input, ...extra });

describe('dashboard keys', () => {
  it.each([
    ['o', 'open'],
    ['c', 'close'],
    ['r', 'reset'],
  ] as const)('%s asks to confirm %s for the selected breaker, and does nothing yet', (key, action) => {
    expect(onKey(browse, press(key), 'app_service')).toEqual({
      mode: { kind: 'confirm', action, service: 'app_service' },
    });
  });

  it('acts only on y; any other key cancels the confirmation', () => {
    const confirm: Mode = { kind: 'confirm', action: 'open', service: 'app_service' };
    expect(onKey(confirm, press('y'), 'app_service')).toEqual({
      mode: browse,
      effect: { kind: 'breaker', action: 'open', service: 'app_service' },
    });
    expect(onKey(confirm, press('n'), 'app_service')).toEqual({ mode: browse });
    expect(onKey(confirm, press('o'), 'app_service')).toEqual({ mode: browse });
  });

  it('ignores breaker keys while nothing is selected', () => {
    expect(onKey(browse, press('o'), undefined)).toEqual({ mode: browse });
  });

  it('moves the selection with the arrows and quits on q', () => {
    expect(onKey(browse, press('', { upArrow: true }), 'a').effect).toEqual({ kind: 'move', by: -1 });
    expect(onKey(browse, press('', { downArrow: true }), 'a').effect).toEqual({ kind: 'move', by: 1 });
    expect(onKey(browse, press('q'), 'a').effect).toEqual({ kind: 'quit' });
  });

  it('prompts for a user id: typing, backspace, escape and enter', () => {
    let mode = onKey(browse, press('i'), 'a').mode;
    for (const key of ['4', '2', ' ', '*', 'x']) mode = onKey(mode, press(key), 'a').mode;
    expect(mode).toEqual({ kind: 'prompt', userId: '42x' });
    mode = onKey(mode, press('', { backspace: true }), 'a').mode;
    expect(onKey(mode, press('', { return: true }), 'a')).toEqual({
      mode: browse,
      effect: { kind: 'invalidate', userId: '42' },
    });
    expect(onKey(mode, press('', { escape: true }), 'a')).toEqual({ mode: browse });
    expect(onKey({ kind: 'prompt', userId: '' }, press('', { return: true }), 'a')).toEqual({ mode: browse });
  });

  it('treats q typed into the prompt as part of the user id, not as quit', () => {
    expect(onKey({ kind: 'prompt', userId: '' }, press('q'), 'a')).toEqual({
      mode: { kind: 'prompt', userId: 'q' },
    });
  });
});
