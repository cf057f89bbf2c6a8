import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKeys } from '../../shared/redis/keys.js';
import type { CacheStore } from './store.js';

/**
 * The behaviour every CacheStore must have, run against each store by its own test file. Users
 * are random ids, so stores sharing a server with other suites see only their own keys.
 */
export function cacheStoreContract(name: string, create: () => Promise<CacheStore>): void {
  describe(`${name}: the CacheStore contract`, () => {
    let store: CacheStore;
    const user = () => `u-${randomUUID()}`;

    beforeAll(async () => {
      store = await create();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('finds nothing for an unknown name, and what was set under the generation it saw', async () => {
      const alice = user();
      const empty = await store.get(alice, '/tasks:');
      expect(empty.value).toBeUndefined();
      await store.set(alice, empty.generation, '/tasks:', '{"tasks":[1]}', 60);
      expect(await store.get(alice, '/tasks:')).toEqual({
        generation: empty.generation,
        value: '{"tasks":[1]}',
      });
      expect((await store.get(alice, '/tasks:a=1')).value).toBeUndefined();
    });

    it('keeps users apart: the same name of another user is another entry', async () => {
      const [alice, bob] = [user(), user()];
      const { generation } = await store.get(alice, '/me:');
      await store.set(alice, generation, '/me:', 'alice', 60);
      expect((await store.get(bob, '/me:')).value).toBeUndefined();
    });

    it('forgets an entry once its TTL has passed', async () => {
      const alice = user();
      const { generation } = await store.get(alice, '/tasks:');
      await store.set(alice, generation, '/tasks:', 'short', 1);
      expect((await store.get(alice, '/tasks:')).value).toBe('short');
      await sleep(1_100);
      expect((await store.get(alice, '/tasks:')).value).toBeUndefined();
    });

    it('invalidates every entry of one user at once, and no other user', async () => {
      const [alice, bob] = [user(), user()];
      for (const who of [alice, bob]) {
        const { generation } = await store.get(who, '/tasks:');
        await store.set(who, generation, '/tasks:', who, 60);
        await store.set(who, generation, '/goals:', who, 60);
      }
      const before = (await store.get(alice, '/tasks:')).generation;
      await store.invalidateUser(alice);
      const after = await store.get(alice, '/tasks:');
      expect(after.generation).not.toBe(before);
      expect(after.value).toBeUndefined();
      expect((await store.get(alice, '/goals:')).value).toBeUndefined();
      expect((await store.get(bob, '/tasks:')).value).toBe(bob);
    });

    it('never peeks an entry that a get would no longer find', async () => {
      const alice = user();
      const { generation } = await store.get(alice, '/tasks:');
      await store.set(alice, generation, '/tasks:', 'before', 60);
      for (let read = 0; read < 3; read++) await store.get(alice, '/tasks:');
      const peeked = store.peek?.(alice, '/tasks:');
      if (peeked) expect(peeked).toEqual({ generation, value: 'before' });
      await store.invalidateUser(alice);
      expect(store.peek?.(alice, '/tasks:')?.value).toBeUndefined();
      await store.deletePattern(cacheKeys.userPattern(alice));
      expect(store.peek?.(alice, '/tasks:')?.value).toBeUndefined();
    });

    it('drops a write made under a generation that an invalidation has since replaced', async () => {
      const alice = user();
      const seen = (await store.get(alice, '/tasks:')).generation;
      await store.invalidateUser(alice);
      await store.set(alice, seen, '/tasks:', 'fetched before the write', 60);
      expect((await store.get(alice, '/tasks:')).value).toBeUndefined();
    });

    it('deletes by glob pattern, counts what it deleted, and leaves the rest', async () => {
      const [alice, bob] = [user(), user()];
      for (const who of [alice, bob]) {
        const { generation } = await store.get(who, 'x');
        for (let i = 0; i < 30; i++) await store.set(who, generation, `/item/${i}:`, 'v', 60);
      }
      expect(await store.deletePattern(cacheKeys.userPattern(alice))).toBe(30);
      expect((await store.get(alice, '/item/0:')).value).toBeUndefined();
      expect((await store.get(bob, '/item/0:')).value).toBe('v');
      const { generation } = await store.get(bob, 'x');
      const oneRoute = `${cacheKeys.entry(bob, generation, '/item/1')}*`;
      expect(await store.deletePattern(oneRoute)).toBe(11);
      expect((await store.get(bob, '/item/2:')).value).toBe('v');
    });

    it('treats glob characters in a user id literally in the user pattern', async () => {
      const star = `*${randomUUID()}`;
      const other = star.slice(1);
      for (const who of [star, other]) {
        const { generation } = await store.get(who, 'n');
        await store.set(who, generation, 'n', who, 60);
      }
      expect(await store.deletePattern(cacheKeys.userPattern(star))).toBe(1);
      expect((await store.get(other, 'n')).value).toBe(other);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
