import type { Redis } from 'ioredis';
import { LuaScript } from '../../shared/redis/lua-script.js';
import { leaseLifetimeMs, leaseSize, SlotLeases } from './leases.js';
import type { WindowDecision } from './window.js';

/**
 * The sliding-window log in a sorted set, decided in one atomic script so pods share one count.
 * Time comes from the Redis server (TIME), so clock drift between pods cannot stretch a window.
 * A call may take several slots at once (a lease, see leases.ts): it gets as many as fit.
 * KEYS[1] the log · ARGV limit, window ms, a member suffix unique to this call, slots wanted.
 */
const takeScript = new LuaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local granted = 0
if count < limit then
  granted = math.min(wanted, limit - count)
  for i = 1, granted do redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3] .. ':' .. i) end
  count = count + granted
end
if count > 0 then redis.call('PEXPIRE', KEYS[1], window) end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = now + window
if oldest[2] then reset = tonumber(oldest[2]) + window end
return {granted, count, reset, now}
`);

export class RedisWindows {
  #sequence = 0;
  readonly #leases: SlotLeases;
  readonly #leasing = new Map<string, Promise<WindowDecision>>();

  constructor(
    private readonly redis: Redis,
    /** Makes members unique across pods that decide in the same millisecond. */
    private readonly podId: string,
    now: () => number = Date.now,
  ) {
    this.#leases = new SlotLeases(now);
  }

  /**
   * One request's decision. Under a large limit most are spent from slots this pod leased
   * moments ago, at once; the rest cost one round trip, which may lease more.
   */
  take(key: string, limit: number, windowMs: number): WindowDecision | Promise<WindowDecision> {
    const leased = this.#leases.spend(key, limit);
    if (leased) return leased;
    if (leaseSize(limit) === 1) return this.#takeShared(key, limit, windowMs);
    // One lease call per key at a time: requests arriving meanwhile spend from what it brings, or
    // share its refusal.
    const inFlight = this.#leasing.get(key);
    if (inFlight)
      return inFlight.then((shared) => (shared.allowed ? this.take(key, limit, windowMs) : shared));
    const call = this.#takeShared(key, limit, windowMs).finally(() => this.#leasing.delete(key));
    this.#leasing.set(key, call);
    return call;
  }

  async #takeShared(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    this.#sequence = (this.#sequence + 1) % Number.MAX_SAFE_INTEGER;
    const reply = (await takeScript.run(
      this.redis,
      [key],
      [limit, windowMs, `${this.podId}:${this.#sequence}`, leaseSize(limit)],
    )) as [number, number, number, number];
    const granted = reply[0];
    const decision = { allowed: granted > 0, count: reply[1], resetAtMs: reply[2], nowMs: reply[3] };
    this.#leases.keep(key, limit, granted - 1, decision, leaseLifetimeMs(windowMs));
    return decision;
  }
}
