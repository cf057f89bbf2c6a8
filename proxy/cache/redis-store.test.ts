import { createRedisClient, RedisStore } from './redis-store.js';
import { cacheStoreContract } from './store.contract.js';

/** The CI Redis; the contract's random user ids keep this suite's keys apart from every other one. */
const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9';

cacheStoreContract('redis store', async () => {
  const client = createRedisClient({ url, commandTimeoutMs: 500 });
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    setTimeout(() => reject(new Error(`no Redis at ${url}`)), 3_000).unref();
  });
  return new RedisStore(client);
});
