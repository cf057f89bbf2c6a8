/** What a store knows about one cache name of one user: the user's generation, and the entry if any. */
export interface CacheLookup {
  generation: number;
  value?: string;
}

/**
 * The one cache interface both stores implement (memory and Redis), with the same behaviour —
 * `store.contract.ts` is the proof. Keys follow `cacheKeys` in shared/redis/keys.ts; a store
 * composes them, callers only name an entry (`<route>:<normalised query>`).
 */
export interface CacheStore {
  /** The user's current generation and the entry stored under it. Throws when the store cannot answer. */
  get(userId: string, name: string): Promise<CacheLookup>;
  /**
   * The same lookup answered at once, when the store needs no I/O for it (the memory store, or an
   * entry the Redis store keeps near); a fresh hit then costs the request no promise and no wait.
   * Undefined when only `get` can tell.
   */
  peek?(userId: string, name: string): CacheLookup | undefined;
  /**
   * Stores under the generation an earlier `get` saw. When the user was invalidated since, nothing
   * is written: an answer fetched before a write must never be served after it.
   */
  set(userId: string, generation: number, name: string, value: string, ttlSeconds: number): Promise<void>;
  /** Orphans every entry of the user in O(1) by bumping the generation. */
  invalidateUser(userId: string): Promise<void>;
  /** Deletes the keys matching a Redis glob pattern (SCAN, never KEYS); returns how many. */
  deletePattern(pattern: string): Promise<number>;
  /** Round trip to the backing service, for `/health/deep`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
