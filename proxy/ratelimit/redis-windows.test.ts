import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisWindows } from './redis-windows.js';

const redis = new Redis('redis://127.0.0.1:6379/0');
const prefix = `test:rl:${randomUUID()}:`;

afterAll(async () => {
  await redis.del(
    ...[`shared`, `expiry`, `lease`, `lease-together`, `lease-shared`, `lease-expiry`].map(
      (k) => `${prefix}${k}`,
    ),
  );
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

describe('RedisWindows leases (under a large limit)', () => {
  it('takes 1 % of a large limit in one call and decides the following requests without Redis', async () => {
    const windows = new RedisWindows(redis, 'pod-a');
    const key = `${prefix}lease`;
    const first = await windows.take(key, 5_000, 60_000);
    expect(first.allowed).toBe(true);
    expect(await redis.zcard(key)).toBe(50);
    for (let i = 0; i < 49; i += 1) {
      const next = windows.take(key, 5_000, 60_000);
      expect(next).not.toBeInstanceOf(Promise);
      expect((next as { allowed: boolean }).allowed).toBe(true);
    }
    // The lease is spent: the next decision asks Redis again and leases 50 more.
    const after = windows.take(key, 5_000, 60_000);
    expect(after).toBeInstanceOf(Promise);
    expect((await after).allowed).toBe(true);
    expect(await redis.zcard(key)).toBe(100);
  });

  it('makes one lease call for requests that arrive together, and they spend from it', async () => {
    const windows = new RedisWindows(redis, 'pod-a');
    const key = `${prefix}lease-together`;
    const decisions = await Promise.all(Array.from({ length: 30 }, () => windows.take(key, 5_000, 60_000)));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(await redis.zcard(key)).toBe(50);
  });

  it('never lets pods together exceed the limit, however their leases interleave', async () => {
    const pods = ['a', 'b', 'c'].map((name) => new RedisWindows(redis, `pod-${name}`));
    const key = `${prefix}lease-shared`;
    let allowed = 0;
    for (let i = 0; i < 900; i += 1) {
      const decision = await pods[i % pods.length].take(key, 400, 60_000);
      if (decision.allowed) allowed += 1;
    }
    expect(allowed).toBeLessThanOrEqual(400);
    // Unspent leased slots refuse others at most 1 % of the limit per pod early.
    expect(allowed).toBeGreaterThanOrEqual(400 - 3 * 4);
    expect(await redis.zcard(key)).toBe(400);
  });

  it('drops unspent slots once their lease lifetime (1 % of the window) has passed', async () => {
    let now = 1_000_000;
    const windows = new RedisWindows(redis, 'pod-a', () => now);
    const key = `${prefix}lease-expiry`;
    await windows.take(key, 10_000, 60_000);
    expect(windows.take(key, 10_000, 60_000)).not.toBeInstanceOf(Promise);
    now += 601;
    const later = windows.take(key, 10_000, 60_000);
    expect(later).toBeInstanceOf(Promise);
    await later;
  });
});
