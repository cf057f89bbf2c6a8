import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger/index.js';
import { redisChannels } from '../shared/redis/keys.js';
import { version } from '../shared/version.js';
import { countLivePods } from './cluster/pods.js';
import { ClusterEvents } from './cluster/subscriptions.js';
import type { ControlConfig } from './config.js';
import { AdminAuth } from './http/admin-auth.js';
import { createRouter } from './http/router.js';
import { ControlMetrics } from './metrics.js';
import { PolicyStore } from './policy/store.js';
import { controlRoutes } from './routes.js';

/** Everything the control process is made of, wired once at start. */
export function createControl(config: ControlConfig, logger: Logger) {
  // Admin calls fail fast while Redis is away (503) instead of queueing behind a reconnect.
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const subscriber = new Redis(config.REDIS_URL, {
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  for (const [name, client] of [
    ['commands', redis],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (error: Error) => logger.debug({ err: error, client: name }, 'redis error'));
    client.on('ready', () => logger.info({ client: name }, 'redis ready'));
  }

  const metrics = new ControlMetrics(version, () => countLivePods(redis));
  const store = new PolicyStore(redis, (policy) => {
    metrics.policyVersion.set(policy.version);
    metrics.pubsubMessages.labels(redisChannels.policy, 'published').inc();
    logger.info({ version: policy.version, updatedBy: policy.updatedBy }, 'policy stored and announced');
  });
  redis.on('ready', () => {
    store.read().then(
      (policy) => metrics.policyVersion.set(policy.version),
      () => {},
    );
  });
  const events = new ClusterEvents(subscriber, metrics, logger);
  const routes = controlRoutes({ redis, store, events, metrics, version });
  const server: Server = createServer(
    createRouter(routes, new AdminAuth(config.CONTROL_ADMIN_TOKEN), metrics, logger),
  );

  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
