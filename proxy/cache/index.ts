import { cacheKeys } from '../../shared/redis/keys.js';
import type { CacheCounts } from '../metrics/index.js';
import type { Exchange } from '../pipeline/exchange.js';
import { upstreamPath } from '../routes/compile.js';
import type { DataType, ProxyRouteSpec, ServiceName } from '../routes/table.js';
import { type Answer, type CachedAnswer, decodeEntry, encodeEntry, entryName, isStorable } from './entry.js';
import type { FailSoftStore } from './fail-soft.js';
import { Flights } from './flights.js';
import { type Loaded, sendLoaded, sendUpstreamFailure } from './respond.js';
import type { CacheLookup } from './store.js';
import { dataTypes, type TtlTable } from './ttl.js';
import type { UpstreamReader } from './upstream-read.js';

export type { Answer } from './entry.js';
export type { Loaded, XCache } from './respond.js';

/** One cacheable upstream GET: where it goes and which data type's TTL it gets. */
export interface CacheTarget {
  service: ServiceName;
  path: string;
  type: DataType;
}

/** Any answer producer the cache can front: an upstream GET, or an assembled aggregate. */
export interface LoadRequest {
  userId: string;
  type: DataType;
  /** `<route>:<normalised query>`; see `entryName`. */
  name: string;
  /** The client sent `Cache-Control: no-cache`: fetch anew and refresh the entry. */
  bypass: boolean;
  signal: AbortSignal;
  produce: (signal: AbortSignal) => Promise<Answer>;
  storable?: (answer: Answer) => boolean;
}

export interface ResponseCacheSettings {
  ttls: TtlTable;
  staleIfErrorSeconds: number;
  /** Where a data type's hits and misses are counted. */
  counts: (type: DataType) => CacheCounts;
}

/**
 * The per-user response cache (CONTRACT §4, §9 S2/C13/P1). Entries are keyed by the verified user
 * id, the user's generation, the route and the sorted query; only a user's own requests reach
 * them. Concurrent misses share one upstream call; upstream failures fall back to a recently
 * expired entry for `staleIfErrorSeconds`.
 */
export class ResponseCache {
  readonly #flights = new Flights<Answer>();
  readonly #ttls: TtlTable;
  readonly #counts: Record<DataType, CacheCounts>;

  constructor(
    /** Absent when `CACHE_ENABLED=false`: every request goes upstream. */
    private readonly store: FailSoftStore | undefined,
    private readonly reader: UpstreamReader,
    private readonly settings: ResponseCacheSettings,
  ) {
    this.#ttls = { ...settings.ttls };
    this.#counts = Object.fromEntries(dataTypes.map((type) => [type, settings.counts(type)])) as Record<
      DataType,
      CacheCounts
    >;
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** Whether this request is answered through the cache: a verified user's GET of a cacheable route. */
  handles(ex: Exchange, spec: ProxyRouteSpec): spec is ProxyRouteSpec & { cache: DataType } {
    return this.enabled && spec.cache !== undefined && ex.method === 'GET' && ex.identity !== undefined;
  }

  /** Answers a cacheable route's GET from the cache, or from the upstream and then stores it. */
  serveRoute(ex: Exchange, spec: ProxyRouteSpec & { cache: DataType }): Promise<void> | void {
    return this.serve(ex, {
      service: spec.service,
      path: upstreamPath(ex.route!, ex.params),
      type: spec.cache,
    });
  }

  /**
   * `signal` may add a deadline to the client's own abort signal. A fresh hit in a store that
   * answers at once is sent without waiting for anything.
   */
  serve(ex: Exchange, target: CacheTarget, signal?: AbortSignal): Promise<void> | void {
    const hit = this.#immediateHit(ex, target);
    if (hit) {
      sendLoaded(ex, hit);
      return;
    }
    return this.#serveLoaded(ex, target, signal);
  }

  async #serveLoaded(ex: Exchange, target: CacheTarget, signal?: AbortSignal): Promise<void> {
    try {
      sendLoaded(ex, await this.fetch(ex, target, ex.query, signal));
    } catch (error) {
      sendUpstreamFailure(ex, target.service, error);
    }
  }

  #immediateHit(ex: Exchange, target: CacheTarget): Loaded | undefined {
    if (!this.store || this.#ttls[target.type] <= 0 || wantsFresh(ex)) return undefined;
    const lookup = this.store.peek(
      ex.identity!.userId,
      entryName(`${target.service}${target.path}`, ex.query),
    );
    return lookup && this.#freshHit(decodedOf(lookup), target.type, Date.now());
  }

  /** The entry as a hit when it is still fresh (and counted as one); undefined when it must be fetched. */
  #freshHit(cached: CachedAnswer | undefined, type: DataType, now: number): Loaded | undefined {
    if (!cached || cached.freshUntil <= now) return undefined;
    this.#counts[type].hits.pending += 1;
    return { answer: cached.answer, xCache: 'HIT', ageSeconds: ageOf(cached, now) };
  }

  /**
   * Fetches (or finds) an upstream GET for this exchange's user; throws what the upstream threw.
   * Without `signal`, the client's own abort signal, built only if an upstream call needs it: a
   * hit never does, and building one is a measurable part of a hit's cost.
   */
  fetch(ex: Exchange, target: CacheTarget, query: string, signal?: AbortSignal): Promise<Loaded> {
    return this.load({
      userId: ex.identity!.userId,
      type: target.type,
      name: entryName(`${target.service}${target.path}`, query),
      bypass: wantsFresh(ex),
      get signal() {
        return signal ?? ex.abort.signal;
      },
      produce: (flightSignal) => this.reader.read(ex, target.service, target.path, query, flightSignal),
    });
  }

  async load(request: LoadRequest): Promise<Loaded> {
    const ttl = this.#ttls[request.type];
    if (!this.store || ttl <= 0) return { answer: await request.produce(request.signal) };
    const lookup = await this.store.get(request.userId, request.name);
    const cached = lookup && decodedOf(lookup);
    const hit = request.bypass ? undefined : this.#freshHit(cached, request.type, Date.now());
    if (hit) return hit;
    this.#counts[request.type].misses.pending += 1;
    const xCache = request.bypass ? 'BYPASS' : 'MISS';

    // A read after a write never joins a read from before it: another pod's write shows as a new
    // generation, this pod's writes drop the user's flights (invalidateUser).
    const flightKey = `${request.userId}\n${request.name}`;
    const flight = this.#flights.join(flightKey, lookup?.generation, request.signal, async (signal) => {
      const answer = await request.produce(signal);
      const storable = request.storable ?? isStorable;
      const value = lookup && storable(answer) ? encodeEntry(answer, Date.now(), ttl) : undefined;
      const lifetime = ttl + this.settings.staleIfErrorSeconds;
      if (value) await this.store?.set(request.userId, lookup!.generation, request.name, value, lifetime);
      return answer;
    });
    try {
      const answer = await flight;
      if (answer.status < 500 || !this.#usableStale(cached)) return { answer, xCache };
      return this.#stale(request.type, cached!);
    } catch (error) {
      if (request.signal.aborted || !this.#usableStale(cached)) throw error;
      return this.#stale(request.type, cached!);
    }
  }

  /** Orphans every cached answer of the user, on every pod; false when the store could not be told. */
  async invalidateUser(userId: string): Promise<boolean> {
    const prefix = `${userId}\n`;
    this.#flights.forget((key) => key.startsWith(prefix));
    return this.store ? this.store.invalidateUser(userId) : true;
  }

  /** Deletes cache entries by Redis glob pattern (under `bff:cache:` only); throws when the store fails. */
  async deletePattern(pattern: string): Promise<number> {
    if (!pattern.startsWith(cacheKeys.prefix))
      throw new RangeError(`cache patterns must start with ${cacheKeys.prefix}`);
    return this.store ? this.store.inner.deletePattern(pattern) : 0;
  }

  /** Replaces some TTLs live (the control-plane policy); entries already stored keep theirs. */
  setTtls(ttls: Partial<TtlTable>): void {
    for (const type of dataTypes) {
      const seconds = ttls[type];
      if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) this.#ttls[type] = seconds;
    }
  }

  ttls(): TtlTable {
    return { ...this.#ttls };
  }

  async ping(): Promise<void> {
    await this.store?.inner.ping();
  }

  async close(): Promise<void> {
    await this.store?.inner.close();
  }

  #usableStale(cached: CachedAnswer | undefined): boolean {
    const window = this.settings.staleIfErrorSeconds * 1000;
    return cached !== undefined && window > 0 && Date.now() < cached.freshUntil + window;
  }

  #stale(type: DataType, cached: CachedAnswer): Loaded {
    this.#counts[type].hits.pending += 1;
    return { answer: cached.answer, xCache: 'STALE', ageSeconds: ageOf(cached, Date.now()) };
  }
}

/** `Cache-Control: no-cache` (or `Pragma: no-cache`) from the client asks for a fresh answer. */
export function wantsFresh(ex: Exchange): boolean {
  const cacheControl = ex.req.headers['cache-control'];
  if (typeof cacheControl === 'string') return /(^|[\s,])no-cache($|[\s,=])/i.test(cacheControl);
  return ex.req.headers.pragma === 'no-cache';
}

function decodedOf(lookup: CacheLookup): CachedAnswer | undefined {
  return lookup.value === undefined ? undefined : decodeEntry(lookup.value);
}

function ageOf(cached: CachedAnswer, now: number): number {
  return Math.max(0, Math.floor((now - cached.storedAt) / 1000));
}
