import type { Redis } from 'ioredis';
import { cacheInvalidateRequestSchema } from '../../shared/control-api/cache.js';
import { fieldProblems } from '../../shared/policy/validate.js';
import { cacheKeys } from '../../shared/redis/keys.js';
import { LuaScript } from '../../shared/redis/lua-script.js';
import { ControlHttpError } from '../http/json.js';
import type { HandlerResult, RequestContext } from '../http/router.js';

/** As proxy/cache/redis-store.ts: the generation must outlive any entry a day-long TTL left behind. */
const generationLifetimeSeconds = 86_400;
const bumpGeneration = new LuaScript(`
local generation = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return generation
`);

/** Deletes every key matching `pattern`, found with SCAN and removed with UNLINK batch by batch. */
async function deleteMatching(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/** A pattern is always confined to the cache's keys: one without the prefix gets it. */
const withinCache = (pattern: string) =>
  pattern.startsWith(cacheKeys.prefix) ? pattern : `${cacheKeys.prefix}${pattern}`;

export function cacheHandlers(redis: Redis) {
  return {
    /**
     * `{userId}`: bumps the user's generation first, so every pod stops serving that user's
     * entries at once, then removes the orphaned entries to free memory and count them.
     * `{pattern}`: deletes the matching entries.
     */
    invalidate: async (ctx: RequestContext): Promise<HandlerResult> => {
      const parsed = cacheInvalidateRequestSchema.safeParse(await ctx.body());
      if (!parsed.success)
        throw new ControlHttpError('validation_failed', { fields: fieldProblems(parsed.error) });
      const request = parsed.data;
      if ('userId' in request) {
        await bumpGeneration.run(redis, [cacheKeys.generation(request.userId)], [generationLifetimeSeconds]);
        return { json: { deleted: await deleteMatching(redis, cacheKeys.userPattern(request.userId)) } };
      }
      return { json: { deleted: await deleteMatching(redis, withinCache(request.pattern)) } };
    },
  };
}
