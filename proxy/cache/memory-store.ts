import { cacheKeys } from '../../shared/redis/keys.js';
import { RecencyMap } from '../memo/recency-map.js';
import { globToRegExp } from './glob.js';
import type { CacheLookup, CacheStore } from './store.js';

export interface MemoryStoreLimits {
  maxEntries: number;
  /** Keys and values together, counted as UTF-8 bytes. */
  maxBytes: number;
}

interface Entry {
  value: string;
  expiresAt: number;
  bytes: number;
}

/**
 * The embedded store: one process, LRU-bounded by entries and bytes, entries expire on read.
 */
export class MemoryStore implements CacheStore {
  readonly #entries = new RecencyMap<string, Entry>();
  readonly #generations = new Map<string, number>();
  /**
   * Generations are drawn from one counter. A user whose generation was evicted from the bounded
   * map gets `#floor`, newer than any generation handed out before, so nothing orphaned returns.
   */
  #counter = 0;
  #floor = 0;
  #bytes = 0;

  constructor(
    private readonly limits: MemoryStoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async get(userId: string, name: string): Promise<CacheLookup> {
    return this.peek(userId, name);
  }

  peek(userId: string, name: string): CacheLookup {
    const generation = this.#generationOf(userId);
    const key = cacheKeys.entry(userId, generation, name);
    const entry = this.#entries.get(key);
    if (!entry) return { generation };
    if (entry.expiresAt <= this.now()) {
      this.#remove(key, entry);
      return { generation };
    }
    return { generation, value: entry.value };
  }

  async set(userId: string, generation: number, name: string, value: string, ttlSeconds: number) {
    if (ttlSeconds <= 0 || this.#generationOf(userId) !== generation) return;
    const key = cacheKeys.entry(userId, generation, name);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > this.limits.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) this.#remove(key, previous);
    this.#entries.set(key, { value, bytes, expiresAt: this.now() + ttlSeconds * 1000 });
    this.#bytes += bytes;
    this.#evictBeyondLimits();
  }

  async invalidateUser(userId: string): Promise<void> {
    this.#counter = Math.max(this.#counter, this.#floor) + 1;
    this.#generations.delete(userId);
    this.#generations.set(userId, this.#counter);
    if (this.#generations.size > this.limits.maxEntries) {
      const oldest = this.#generations.keys().next();
      if (!oldest.done) this.#generations.delete(oldest.value);
      this.#floor = ++this.#counter;
    }
  }

  async deletePattern(pattern: string): Promise<number> {
    const matcher = globToRegExp(pattern);
    let deleted = 0;
    for (const [key, entry] of this.#entries.entries()) {
      if (!matcher.test(key)) continue;
      this.#remove(key, entry);
      deleted++;
    }
    return deleted;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#entries.clear();
    this.#generations.clear();
    this.#bytes = 0;
  }

  /** Entries and bytes in use, for tests of the bounds. */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #generationOf(userId: string): number {
    return this.#generations.get(userId) ?? this.#floor;
  }

  #evictBeyondLimits(): void {
    while (this.#entries.size > this.limits.maxEntries || this.#bytes > this.limits.maxBytes) {
      const oldest = this.#entries.oldest();
      if (!oldest) return;
      this.#remove(oldest[0], oldest[1]);
    }
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}
