import type { Counter, LabelValues } from 'prom-client';

/** One labelled series of a counter: the hot path adds to `pending`, a plain number. */
export interface CountSlot {
  pending: number;
}

interface Slot<T extends string> extends CountSlot {
  readonly labels: LabelValues<T>;
}

/**
 * Counter increments without prom-client's work per call: its bound children still hash the
 * label set on every `inc()`. Slots are found once (by a caller-chosen key) and kept; their
 * counts reach the counter when it is collected, i.e. at scrape time, so `/metrics` is exact.
 */
export class PendingCounts<T extends string> {
  readonly #slots = new Map<string, Slot<T>>();
  #counter: Counter<T> | undefined;

  /** The counter is attached after construction: it names `flush` as its `collect` hook. */
  attach(counter: Counter<T>): void {
    this.#counter = counter;
  }

  slot(key: string, labels: LabelValues<T>): CountSlot {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { pending: 0, labels };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  flush(): void {
    if (!this.#counter) return;
    for (const slot of this.#slots.values()) {
      if (slot.pending === 0) continue;
      this.#counter.inc(slot.labels, slot.pending);
      slot.pending = 0;
    }
  }
}
