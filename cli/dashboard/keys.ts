import type { BreakerAction } from '../../shared/control-api/index.js';

/** What the dashboard is waiting for from the keyboard. */
export type Mode =
  | { kind: 'browse' }
  | { kind: 'confirm'; action: BreakerAction; service: string }
  | { kind: 'prompt'; userId: string };

/** What a key press asks the dashboard to do besides changing the mode. */
export type Effect =
  | { kind: 'breaker'; action: BreakerAction; service: string }
  | { kind: 'invalidate'; userId: string }
  | { kind: 'move'; by: number }
  | { kind: 'quit' };

export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export interface KeyOutcome {
  mode: Mode;
  effect?: Effect;
}

const browse: Mode = { kind: 'browse' };
const actionKeys: Record<string, BreakerAction> = { o: 'open', c: 'close', r: 'reset' };
const userIdCharacter = /^[A-Za-z0-9_-]$/;

/** The keyboard as a state machine: a pure function, so the bindings are testable without a terminal. */
export function onKey(mode: Mode, key: KeyPress, selectedService: string | undefined): KeyOutcome {
  if (mode.kind === 'confirm') {
    if (key.input === 'y' || key.input === 'Y') {
      return { mode: browse, effect: { kind: 'breaker', action: mode.action, service: mode.service } };
    }
    return { mode: browse };
  }
  if (mode.kind === 'prompt') {
    if (key.escape) return { mode: browse };
    if (key.return) {
      return mode.userId
        ? { mode: browse, effect: { kind: 'invalidate', userId: mode.userId } }
        : { mode: browse };
    }
    if (key.backspace || key.delete) return { mode: { kind: 'prompt', userId: mode.userId.slice(0, -1) } };
    const typed = [...key.input].filter((char) => userIdCharacter.test(char)).join('');
    return { mode: { kind: 'prompt', userId: (mode.userId + typed).slice(0, 64) } };
  }
  if (key.upArrow) return { mode, effect: { kind: 'move', by: -1 } };
  if (key.downArrow) return { mode, effect: { kind: 'move', by: 1 } };
  if (key.input === 'q') return { mode, effect: { kind: 'quit' } };
  if (key.input === 'i') return { mode: { kind: 'prompt', userId: '' } };
  const action = actionKeys[key.input];
  if (action && selectedService) return { mode: { kind: 'confirm', action, service: selectedService } };
  return { mode };
}
