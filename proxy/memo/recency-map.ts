interface Slot<V> {
  value: V;
  /** The map's clock when the entry last went to the young end. */
  movedAt: number;
}

/**
 * A Map whose order is recency, oldest first, for bounded tables that evict the least recently
 * used. A read moves its entry to the young end only once half the map (and at least one
 * entry) went in after it: moving on every read (delete, then set) churned the Map's hash table
 * on every cache hit and rate-limit decision. An entry read at least once per `size / 2`
 * insertions never reaches the old end.
 */
export class RecencyMap<K, V> {
  readonly #slots = new Map<K, Slot<V>>();
  #clock = 0;

  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    const movedSince = this.#clock - slot.movedAt;
    if (movedSince > 0 && movedSince >= this.#slots.size >> 1) {
      this.#slots.delete(key);
      this.#slots.set(key, slot);
      slot.movedAt = ++this.#clock;
    }
    return slot.value;
  }

  /** Stores at the young end, replacing any entry of the key. */
  set(key: K, value: V): void {
    this.#slots.delete(key);
    this.#slots.set(key, { value, movedAt: ++this.#clock });
  }

  delete(key: K): boolean {
    return this.#slots.delete(key);
  }

  /** The entry next to evict. */
  oldest(): [K, V] | undefined {
    for (const [key, slot] of this.#slots) return [key, slot.value];
    return undefined;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.#slots) yield [key, slot.value];
  }

  get size(): number {
    return this.#slots.size;
  }

  clear(): void {
    this.#slots.clear();
  }
}
