import { useInput } from 'ink';
import { useRef, useState } from 'react';
import { type Effect, type Mode, onKey } from './keys.js';

export type ActionEffect = Exclude<Effect, { kind: 'move' }>;

interface KeyboardState {
  mode: Mode;
  selected: number;
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(count - 1, value));

/**
 * The dashboard's keyboard: mode and selection live in a ref as well as in state, because ink may
 * deliver a key to the handler of an earlier render (before its effects re-subscribe), and two
 * keys typed quickly must each see the state the previous one left.
 */
export function useKeyboard(
  services: readonly string[],
  perform: (effect: ActionEffect) => void,
): KeyboardState {
  const [view, setView] = useState<KeyboardState>({ mode: { kind: 'browse' }, selected: 0 });
  const state = useRef(view);
  const latest = useRef({ services, perform });
  latest.current = { services, perform };

  useInput((input, key) => {
    const { services: names, perform: act } = latest.current;
    const selected = clamp(state.current.selected, names.length);
    const { mode, effect } = onKey(state.current.mode, { ...key, input }, names[selected]);
    const next = {
      mode,
      selected: effect?.kind === 'move' ? clamp(selected + effect.by, names.length) : selected,
    };
    state.current = next;
    setView(next);
    if (effect && effect.kind !== 'move') act(effect);
  });

  return { mode: view.mode, selected: clamp(view.selected, services.length) };
}
