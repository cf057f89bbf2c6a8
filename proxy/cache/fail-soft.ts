import type { Logger } from '../../shared/logger/index.js';
import type { CacheLookup, CacheStore } from './store.js';

export type StoreOperation = 'get' | 'set' | 'invalidate';

export interface FailSoftReporting {
  logger: Logger;
  /** Counts every failed operation, so metrics show an outage the logs mention once. */
  onError: (operation: StoreOperation) => void;
}

/** Consecutive failures that make the store unavailable: a lone timeout under load is not an outage. */
const failuresToUnavailable = 3;

/**
 * The store as the request path sees it: an error or a timeout is a miss (or a skipped write),
 * never a failed request. One log line when the store goes away, one when it is back.
 */
export class FailSoftStore {
  #available = true;
  #consecutiveFailures = 0;

  constructor(
    readonly inner: CacheStore,
    private readonly kind: string,
    private readonly reporting: FailSoftReporting,
  ) {}

  get available(): boolean {
    return this.#available;
  }

  async get(userId: string, name: string): Promise<CacheLookup | undefined> {
    try {
      const lookup = await this.inner.get(userId, name);
      this.#succeeded();
      return lookup;
    } catch (error) {
      this.#failed('get', error);
      return undefined;
    }
  }

  /** The store's immediate answer, when it has one without I/O (which cannot fail). */
  peek(userId: string, name: string): CacheLookup | undefined {
    return this.inner.peek?.(userId, name);
  }

  async set(userId: string, generation: number, name: string, value: string, ttlSeconds: number) {
    try {
      await this.inner.set(userId, generation, name, value, ttlSeconds);
      this.#succeeded();
    } catch (error) {
      this.#failed('set', error);
    }
  }

  /** False when the store could not be told: the user's next read on another pod may be stale. */
  async invalidateUser(userId: string): Promise<boolean> {
    try {
      await this.inner.invalidateUser(userId);
      this.#succeeded();
      return true;
    } catch (error) {
      this.#failed('invalidate', error);
      return false;
    }
  }

  #succeeded(): void {
    this.#consecutiveFailures = 0;
    if (this.#available) return;
    this.#available = true;
    this.reporting.logger.info({ store: this.kind }, 'cache store available again');
  }

  #failed(operation: StoreOperation, error: unknown): void {
    this.reporting.onError(operation);
    if (!this.#available || ++this.#consecutiveFailures < failuresToUnavailable) return;
    this.#available = false;
    this.reporting.logger.warn(
      { store: this.kind, operation, reason: error instanceof Error ? error.message : String(error) },
      'cache store unavailable; serving without the cache',
    );
  }
}
