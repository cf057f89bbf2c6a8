import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisWindows } from './redis-windows.js';

const redis = new Redis('redis://127.0.0.1:6379/0');
const prefix = `test:rl:${randomUUID()}:`;

afterAll(async () => {
  await redis.del(`${prefix}shared`, `${prefix}expiry`);
  redis.disconnect();
});

describe('RedisWindows (sliding-window log in a sorted set)', () => {
  it('shares one count between pods: the limit holds however decisions are spread', async () => {
    const podA = new RedisWindows(redis, 'pod-a');
    const podB = new RedisWindows(redis, 'pod-b');
    const key = `${prefix}shared`;
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? podA : podB).take(key, 25, 60_000)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(await redis.zcard(key)).toBe(25);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.count).toBe(25);
    expect(refused.resetAtMs - refused.nowMs).toBeGreaterThan(50_000);
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });

  it('frees a slot when the oldest accepted request leaves the window', async () => {
    const windows = new RedisWindows(redis, 'pod-a');
    const key = `${prefix}expiry`;
    expect((await windows.take(key, 1, 300)).allowed).toBe(true);
    expect((await windows.take(key, 1, 300)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await windows.take(key, 1, 300)).allowed).toBe(true);
  });
});
