import { cacheKeys } from '../../shared/redis/keys.js';
import type { CacheLookup } from './store.js';

/** What a pod keeps near, for its metrics. */
export interface NearCopyUsage {
  bytes: number;
  /** Redis is reporting changes, so copies are kept and served. */
  tracking: boolean;
}

/** One user's copies, and the identity an in-flight read checks before it adds to them. */
class UserCopies {
  readonly lookups = new Map<string, CacheLookup>();
  bytes = 0;
}

const generationKeyStart = cacheKeys.generation('').slice(0, -1);
const entryKeyStart = cacheKeys.entryPrefix('').slice(0, -3);

/**
 * This pod's copies of Redis cache entries it has read, kept only while Redis tells it about
 * every change to them (client-side caching, `redis-tracking.ts`). A hot entry is then served
 * without a round trip, and another pod's write still reaches this pod before the client's next
 * request can: Redis sends the invalidation before it acknowledges the write.
 *
 * A read that started before an invalidation must not add its (older) answer after it: a read
 * `reserve`s the user's copies first, an invalidation replaces them, and `fill` only adds to the
 * copies it reserved while they are still the user's current ones.
 */
export class NearCopies {
  readonly #users = new Map<string, UserCopies>();
  #bytes = 0;
  #active = false;

  constructor(readonly maxBytes: number) {}

  /** Whether Redis is currently reporting changes; without that, nothing is kept or served. */
  get active(): boolean {
    return this.#active;
  }

  activate(): void {
    this.#active = true;
  }

  /** Tracking was lost: nothing kept can be trusted any more. */
  deactivate(): void {
    this.#active = false;
    this.clear();
  }

  lookup(userId: string, name: string): CacheLookup | undefined {
    return this.#users.get(userId)?.lookups.get(name);
  }

  /** Called before a read is sent; pass what it returns to `fill` with the answer. */
  reserve(userId: string): UserCopies | undefined {
    if (!this.#active) return undefined;
    let copies = this.#users.get(userId);
    if (!copies) {
      copies = new UserCopies();
      this.#users.set(userId, copies);
    }
    return copies;
  }

  fill(userId: string, reserved: UserCopies | undefined, name: string, lookup: CacheLookup): void {
    if (!reserved || lookup.value === undefined || this.#users.get(userId) !== reserved) return;
    const bytes = lookup.value.length + name.length;
    if (bytes > this.maxBytes) return;
    const previous = reserved.lookups.get(name);
    if (previous?.value !== undefined) this.#account(reserved, -(previous.value.length + name.length));
    reserved.lookups.set(name, lookup);
    this.#account(reserved, bytes);
    this.#evictBeyondLimit(userId);
  }

  dropUser(userId: string): void {
    const copies = this.#users.get(userId);
    if (!copies) return;
    this.#users.delete(userId);
    this.#bytes -= copies.bytes;
  }

  /**
   * A changed Redis key. An entry key names its user before the first `}:g` that follows, unless
   * the user id itself holds `}:g`; every candidate is dropped, so a change is never missed.
   */
  dropKey(key: string): void {
    if (key.startsWith(generationKeyStart)) {
      this.dropUser(key.slice(generationKeyStart.length, -1));
      return;
    }
    if (!key.startsWith(entryKeyStart)) return;
    for (let end = key.indexOf('}:g'); end > 0; end = key.indexOf('}:g', end + 1))
      this.dropUser(key.slice(entryKeyStart.length, end));
  }

  clear(): void {
    this.#users.clear();
    this.#bytes = 0;
  }

  /** Users and bytes held. */
  get usage(): { users: number; bytes: number } {
    return { users: this.#users.size, bytes: this.#bytes };
  }

  #account(copies: UserCopies, bytes: number): void {
    copies.bytes += bytes;
    this.#bytes += bytes;
  }

  /** Oldest users first; the user just filled goes last. */
  #evictBeyondLimit(keep: string): void {
    for (const userId of this.#users.keys()) {
      if (this.#bytes <= this.maxBytes) return;
      if (userId !== keep) this.dropUser(userId);
    }
    if (this.#bytes > this.maxBytes) this.dropUser(keep);
  }
}
