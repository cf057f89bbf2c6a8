import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKeys } from '../../shared/redis/keys.js';
import { ioredis } from './ioredis-module.js';
import { createRedisClient, RedisStore } from './redis-store.js';
import { cacheStoreContract } from './store.contract.js';

/** The CI Redis; the contract's random user ids keep this suite's keys apart from every other one. */
const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9';

async function ready(client: Redis): Promise<Redis> {
  if (client.status === 'ready') return client;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    setTimeout(() => reject(new Error(`no Redis at ${url}`)), 3_000).unref();
  });
  return client;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (const started = Date.now(); !(await condition()); await sleep(5))
    if (Date.now() - started > 3_000) throw new Error(`timed out waiting until ${what}`);
}

/** A pod's store with near copies, its connections named so a test can find and kill them. */
async function podStore(connectionName: string): Promise<RedisStore> {
  const client = createRedisClient({ url, commandTimeoutMs: 500 });
  client.options.connectionName = connectionName;
  const store = new RedisStore(await ready(client), { nearCopyBytes: 1_000_000 });
  await until(() => store.nearCopiesActive, 'tracking is on');
  return store;
}

cacheStoreContract('redis store', async () => {
  return new RedisStore(await ready(createRedisClient({ url, commandTimeoutMs: 500 })));
});

cacheStoreContract('redis store with near copies', () => podStore(`contract-${randomUUID()}`));

describe('redis store: near copies kept while Redis reports changes', () => {
  const name = `near-${randomUUID()}`;
  let podA: RedisStore;
  let podB: RedisStore;
  let admin: Redis;
  const user = () => `u-${randomUUID()}`;

  beforeAll(async () => {
    [podA, podB] = await Promise.all([podStore(name), podStore(`other-${name}`)]);
    admin = await ready(new (ioredis().Redis)(url));
  });
  afterAll(async () => {
    await Promise.all([podA?.close(), podB?.close(), admin?.quit()]);
  });

  /**
   * Pod B stores, pod A reads until it keeps a copy: a read that overlaps the report of B's own
   * write is (rightly) not kept.
   */
  async function storedAndRead(userId: string, value: string): Promise<number> {
    const { generation } = await podB.get(userId, '/tasks:');
    await podB.set(userId, generation, '/tasks:', value, 60);
    await until(async () => {
      expect((await podA.get(userId, '/tasks:')).value).toBe(value);
      return podA.peek(userId, '/tasks:') !== undefined;
    }, 'pod A keeps a copy');
    return generation;
  }

  it('answers an entry it has read without asking Redis again', async () => {
    const alice = user();
    const generation = await storedAndRead(alice, 'a-tasks');
    expect(podA.peek(alice, '/tasks:')).toEqual({ generation, value: 'a-tasks' });
    expect(podA.peek(alice, '/projects:')).toBeUndefined();
  });

  it('drops the copies of a user another pod invalidated', async () => {
    const alice = user();
    await storedAndRead(alice, 'a-tasks');
    await podB.invalidateUser(alice);
    await until(() => podA.peek(alice, '/tasks:') === undefined, 'the copy is dropped');
  });

  it('drops a copy another pod replaced or an operator deleted', async () => {
    const [alice, bob] = [user(), user()];
    const generation = await storedAndRead(alice, 'a-tasks');
    await podB.set(alice, generation, '/tasks:', 'a-tasks-2', 60);
    await until(() => podA.peek(alice, '/tasks:') === undefined, 'the replaced copy is dropped');
    await storedAndRead(bob, 'b-tasks');
    await podB.deletePattern(cacheKeys.userPattern(bob));
    await until(() => podA.peek(bob, '/tasks:') === undefined, 'the deleted copy is dropped');
  });

  it('drops its own copies of a user it invalidates before the write returns', async () => {
    const alice = user();
    await storedAndRead(alice, 'a-tasks');
    await podA.invalidateUser(alice);
    expect(podA.peek(alice, '/tasks:')).toBeUndefined();
  });

  it('replaces its own copy when it stores a refreshed entry', async () => {
    const alice = user();
    const generation = await storedAndRead(alice, 'a-tasks');
    await podA.set(alice, generation, '/tasks:', 'a-tasks-refreshed', 60);
    expect(podA.peek(alice, '/tasks:')).toBeUndefined();
    expect((await podA.get(alice, '/tasks:')).value).toBe('a-tasks-refreshed');
  });

  it('keeps users apart', async () => {
    const [alice, bob] = [user(), user()];
    await storedAndRead(alice, 'a-tasks');
    expect(podA.peek(bob, '/tasks:')).toBeUndefined();
  });

  it('forgets everything when its invalidation connection is killed, then tracks again', async () => {
    const alice = user();
    await storedAndRead(alice, 'a-tasks');
    const clients = (await admin.client('LIST')) as string;
    const subscriber = clients
      .split('\n')
      .find((line) => line.includes(` name=${name} `) && / flags=P /.test(line));
    expect(subscriber).toBeDefined();
    await admin.client('KILL', 'ID', /id=(\d+)/.exec(subscriber!)![1]);
    await until(() => !podA.nearCopiesActive, 'tracking is off');
    expect(podA.peek(alice, '/tasks:')).toBeUndefined();
    await until(() => podA.nearCopiesActive, 'tracking is on again');
    expect((await podA.get(alice, '/tasks:')).value).toBe('a-tasks');
    await podB.invalidateUser(alice);
    await until(() => podA.peek(alice, '/tasks:') === undefined, 'the re-tracked copy is dropped');
  });
});
