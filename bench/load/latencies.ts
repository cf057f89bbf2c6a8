/** Response times in milliseconds at full precision (autocannon's own histogram rounds to whole ms). */
export class Latencies {
  #values = new Float64Array(65_536);
  #count = 0;

  record(ms: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = ms;
  }

  get count(): number {
    return this.#count;
  }

  /** The given percentiles (0–100), in milliseconds. */
  percentiles(...wanted: number[]): number[] {
    const sorted = this.#values.subarray(0, this.#count).sort();
    if (sorted.length === 0) return wanted.map(() => Number.NaN);
    return wanted.map((p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  }
}

/** What one load run measured. */
export interface LoadResult {
  responses: number;
  /** Responses outside 2xx plus connection errors. */
  failures: number;
  /** The failures by status code (`error` for connection errors), to say what went wrong. */
  failureKinds: Record<string, number>;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}
