/**
 * Values made once per pair of strings and found again by the pair itself. Joining the pair into
 * one key would make a new string per lookup, and hashing it cost more on the hot path than what
 * the value was for (bench:instructions); the strings a caller passes are usually the same
 * instances request after request, their hashes cached.
 */
export class PairMemo<V> {
  readonly #byFirst = new Map<string, Map<string, V>>();

  /** `maxFirsts` bounds the memo for callers whose first strings come from clients: past it, it starts over. */
  constructor(
    private readonly make: (first: string, second: string) => V,
    private readonly maxFirsts = Number.POSITIVE_INFINITY,
  ) {}

  get(first: string, second: string): V {
    let bySecond = this.#byFirst.get(first);
    if (!bySecond) {
      if (this.#byFirst.size >= this.maxFirsts) this.#byFirst.clear();
      bySecond = new Map();
      this.#byFirst.set(first, bySecond);
    }
    let value = bySecond.get(second);
    if (value === undefined) {
      value = this.make(first, second);
      bySecond.set(second, value);
    }
    return value;
  }
}
