import type { Redis } from 'ioredis';
import { type PodHeartbeat, podHeartbeatSchema } from '../../shared/control-api/pods.js';
import { redisKeys } from '../../shared/redis/keys.js';

/** Every heartbeat key, found with SCAN (never KEYS, which blocks Redis on a big key space). */
async function heartbeatKeys(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', redisKeys.podPattern, 'COUNT', 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return [...new Set(keys)];
}

/** The live pods, by id; a heartbeat that does not parse (another version's format) is left out. */
export async function livePods(redis: Redis): Promise<PodHeartbeat[]> {
  const keys = await heartbeatKeys(redis);
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  const pods: PodHeartbeat[] = [];
  for (const value of values) {
    if (value === null) continue;
    const parsed = podHeartbeatSchema.safeParse(safeJson(value));
    if (parsed.success) pods.push(parsed.data);
  }
  return pods.sort((a, b) => a.podId.localeCompare(b.podId));
}

export async function countLivePods(redis: Redis): Promise<number> {
  return (await heartbeatKeys(redis)).length;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
