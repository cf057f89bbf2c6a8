import type { Redis } from 'ioredis';
import { LuaScript } from '../../shared/redis/lua-script.js';
import type { WindowDecision } from './window.js';

/**
 * The sliding-window log in a sorted set, decided in one atomic script so pods share one count.
 * Time comes from the Redis server (TIME), so clock drift between pods cannot stretch a window.
 * KEYS[1] the log · ARGV limit, window ms, a member suffix unique to this request.
 */
const takeScript = new LuaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  count = count + 1
  allowed = 1
end
if count > 0 then redis.call('PEXPIRE', KEYS[1], window) end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = now + window
if oldest[2] then reset = tonumber(oldest[2]) + window end
return {allowed, count, reset, now}
`);

export class RedisWindows {
  #sequence = 0;

  constructor(
    private readonly redis: Redis,
    /** Makes members unique across pods that decide in the same millisecond. */
    private readonly podId: string,
  ) {}

  async take(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    this.#sequence = (this.#sequence + 1) % Number.MAX_SAFE_INTEGER;
    const reply = (await takeScript.run(
      this.redis,
      [key],
      [limit, windowMs, `${this.podId}:${this.#sequence}`],
    )) as [number, number, number, number];
    return { allowed: reply[0] === 1, count: reply[1], resetAtMs: reply[2], nowMs: reply[3] };
  }
}
