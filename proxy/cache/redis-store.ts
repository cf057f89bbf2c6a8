import type { Redis } from 'ioredis';
import { cacheKeys } from '../../shared/redis/keys.js';
import { LuaScript } from '../../shared/redis/lua-script.js';
import { ioredis } from './ioredis-module.js';
import { NearCopies, type NearCopyUsage } from './near-copies.js';
import { type Tracking, trackInvalidations } from './redis-tracking.js';
import type { CacheLookup, CacheStore } from './store.js';

/** KEYS[1] generation · ARGV entry prefix, `:<name>` → {generation, entry or nil}: one round trip. */
const getScript = new LuaScript(`
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
`);

/**
 * KEYS[1] generation · ARGV seen generation, entry prefix, `:<name>`, ttl, value. Writes only when
 * the generation is still the one seen, and keeps the generation key alive at least as long as
 * the entry: were it to expire first, counting would restart and orphaned entries would return.
 */
const setScript = new LuaScript(`
local generation = redis.call('GET', KEYS[1]) or '0'
if generation ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[4])
redis.call('SET', ARGV[2] .. generation .. ARGV[3], ARGV[5], 'EX', ttl)
if redis.call('TTL', KEYS[1]) < ttl then redis.call('SET', KEYS[1], generation, 'EX', ttl) end
return 1
`);

/** KEYS[1] generation · ARGV minimum lifetime. */
const invalidateScript = new LuaScript(`
local generation = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return generation
`);

/** An invalidated user's generation outlives every entry a day-long TTL could have left behind. */
const generationLifetimeSeconds = 86_400;
const scanBatch = 1_000;
const invalidateAttempts = 3;
const scripts = [getScript, setScript, invalidateScript];

const isTimeout = (error: unknown) => error instanceof Error && error.message === 'Command timed out';

export interface RedisClientSettings {
  url: string;
  commandTimeoutMs: number;
}

/**
 * A client that fails fast instead of queueing: a command while disconnected errors at once, one
 * that takes longer than the command timeout errors then; reconnection runs in the background.
 */
export function createRedisClient(settings: RedisClientSettings): Redis {
  const client = new (ioredis().Redis)(settings.url, {
    commandTimeout: settings.commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // Failures surface through the commands that hit them; FailSoftStore logs each state change once.
  client.on('error', () => {});
  // Loaded on every (re)connection, so no request pays the NOSCRIPT round trip against its timeout.
  client.on('ready', () => {
    for (const script of scripts) client.script('LOAD', script.source).catch(() => {});
  });
  return client;
}

export interface RedisStoreOptions {
  /** Bytes of entries this pod keeps near (see NearCopies); 0 keeps none. */
  nearCopyBytes: number;
}

/**
 * The shared store: every proxy pod sees the same entries and the same generations. Entries it
 * has read are also kept near, for as long as Redis reports every change to them.
 */
export class RedisStore implements CacheStore {
  readonly #copies: NearCopies | undefined;
  readonly #tracking: Tracking | undefined;

  constructor(
    private readonly client: Redis,
    options: RedisStoreOptions = { nearCopyBytes: 0 },
  ) {
    if (options.nearCopyBytes <= 0) return;
    this.#copies = new NearCopies(options.nearCopyBytes);
    this.#tracking = trackInvalidations(client, this.#copies);
  }

  /** Whether entries are being kept near right now (tracking is on). */
  get nearCopiesActive(): boolean {
    return this.#copies?.active ?? false;
  }

  /** Undefined when near copies are switched off. */
  get nearCopyUsage(): NearCopyUsage | undefined {
    return this.#copies && { bytes: this.#copies.usage.bytes, tracking: this.#copies.active };
  }

  peek(userId: string, name: string): CacheLookup | undefined {
    return this.#copies?.lookup(userId, name);
  }

  async get(userId: string, name: string): Promise<CacheLookup> {
    const reserved = this.#copies?.reserve(userId);
    const reply = (await getScript.run(
      this.client,
      [cacheKeys.generation(userId)],
      [cacheKeys.entryPrefix(userId), `:${name}`],
    )) as [string, string | null];
    const generation = Number(reply[0]);
    if (reply[1] === null) return { generation };
    const lookup = { generation, value: reply[1] };
    this.#copies?.fill(userId, reserved, name, lookup);
    return lookup;
  }

  /**
   * This pod's own write is not reported back (NOLOOP): its copies of the user go once it is
   * done, so a refreshed entry (a client's `no-cache`) replaces the one kept near.
   */
  async set(userId: string, generation: number, name: string, value: string, ttlSeconds: number) {
    if (ttlSeconds <= 0) return;
    try {
      await setScript.run(
        this.client,
        [cacheKeys.generation(userId)],
        [generation, cacheKeys.entryPrefix(userId), `:${name}`, Math.ceil(ttlSeconds), value],
      );
    } finally {
      this.#copies?.dropUser(userId);
    }
  }

  /**
   * Read-your-writes on other pods hangs on this one command, so a timeout is tried again (twice
   * at most); a timed-out INCR that did run only bumps the generation once more, which is harmless.
   */
  async invalidateUser(userId: string): Promise<void> {
    // Dropped before, so no request meanwhile is served a copy; and after, so no read that
    // started meanwhile keeps what it found under the old generation.
    this.#copies?.dropUser(userId);
    try {
      await this.#bumpGeneration(userId);
    } finally {
      this.#copies?.dropUser(userId);
    }
  }

  async #bumpGeneration(userId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await invalidateScript.run(this.client, [cacheKeys.generation(userId)], [generationLifetimeSeconds]);
        return;
      } catch (error) {
        if (attempt >= invalidateAttempts || !isTimeout(error)) throw error;
      }
    }
  }

  async deletePattern(pattern: string): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', pattern, 'COUNT', scanBatch);
      if (keys.length > 0) deleted += await this.client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    this.#copies?.clear();
    return deleted;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.#tracking?.close();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
