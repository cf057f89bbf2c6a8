import type { ForcedState } from './types.js';

/** setTimeout's largest delay; longer holds are re-armed in steps. */
const maxTimerDelayMs = 2_147_483_647;

/** An operator's forced state, held until a deadline (or until cleared), then lapsing by itself. */
export class Override {
  #state: ForcedState | null = null;
  #untilMs: number | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly onLapse: () => void) {}

  get state(): ForcedState | null {
    return this.#state;
  }

  /** Epoch milliseconds at which the forced state lapses; null when it holds until cleared. */
  get untilMs(): number | null {
    return this.#untilMs;
  }

  set(state: ForcedState, untilMs?: number): void {
    this.clear();
    this.#state = state;
    if (untilMs === undefined) return;
    this.#untilMs = untilMs;
    this.#arm(untilMs);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#state = null;
    this.#untilMs = null;
  }

  #arm(untilMs: number): void {
    const delay = Math.min(Math.max(untilMs - Date.now(), 0), maxTimerDelayMs);
    this.#timer = setTimeout(() => {
      // Timers may fire a millisecond early, and long holds come back here in steps.
      if (Date.now() < untilMs) {
        this.#arm(untilMs);
        return;
      }
      this.clear();
      this.onLapse();
    }, delay);
    this.#timer.unref();
  }
}
