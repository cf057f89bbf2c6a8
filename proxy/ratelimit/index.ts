import type { Redis } from 'ioredis';
import type { Logger } from '../../shared/logger/index.js';
import type { RatePolicy, RouteGroup } from '../../shared/policy/schema.js';
import type { LivePolicy } from '../policy/index.js';
import { ClientKeys } from './client-keys.js';
import { RedisWindows } from './redis-windows.js';
import { LocalWindows, type WindowDecision } from './window.js';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  periodSeconds: number;
  remaining: number;
  /** Epoch seconds when a slot frees (`X-RateLimit-Reset`). */
  resetSeconds: number;
  /** Whole seconds until then, at least 1 (`Retry-After`). */
  retryAfterSeconds: number;
}

/** Who is asking: the verified user when known, else the client address. */
export type ClientKey = { kind: 'user'; userId: string } | { kind: 'address'; address: string };

/** After Redis fails, the pod decides locally this long before it tries Redis again. */
const redisBackoffMs = 1_000;

/**
 * Decides whether a client may make one more request under the live policy. The count is shared
 * by all pods in Redis; when Redis is absent, down, slow (the client's command timeout) or just
 * failed, this pod counts locally — a request is never refused or failed because of Redis.
 */
export class RateLimiter {
  readonly #local = new LocalWindows();
  readonly #keys = new ClientKeys();
  readonly #shared: RedisWindows | undefined;
  #redisBackoffUntil = 0;

  constructor(
    private readonly live: LivePolicy,
    private readonly redis: Redis | undefined,
    podId: string,
    private readonly logger: Logger,
  ) {
    this.#shared = redis && new RedisWindows(redis, podId);
  }

  /**
   * The decision for one request of `client` on a route of `group`; undefined when limiting is
   * off. A promise only when Redis must be asked: a local decision, or one spent from slots this
   * pod leased from the shared count, never waits.
   */
  decide(
    client: ClientKey,
    group: RouteGroup | 'default',
  ): RateDecision | undefined | Promise<RateDecision | undefined> {
    const policy = this.live.current.rateLimits;
    if (!policy.enabled) return undefined;
    const userRate = client.kind === 'user' ? policy.users[client.userId] : undefined;
    const groupRate = group === 'default' ? undefined : policy.routeGroups[group];
    // Each override counts in a bucket of its own, so changing it never inherits another's count.
    const [bucket, rate]: [string, RatePolicy] = userRate
      ? ['user', userRate]
      : groupRate
        ? [group, groupRate]
        : ['default', policy.default];
    const key = this.#keys.keyOf(client, bucket);
    const windowMs = rate.periodSeconds * 1000;
    if (!this.#shared || this.redis?.status !== 'ready' || Date.now() < this.#redisBackoffUntil)
      return decisionOf(rate, this.#local.take(key, rate.limit, windowMs));
    const shared = this.#shared.take(key, rate.limit, windowMs);
    if (!(shared instanceof Promise)) return decisionOf(rate, shared);
    return shared.then(
      (window) => decisionOf(rate, window),
      (error: unknown) => {
        this.#redisBackoffUntil = Date.now() + redisBackoffMs;
        this.logger.warn({ err: error }, 'rate limiting locally: Redis failed or was slow');
        return decisionOf(rate, this.#local.take(key, rate.limit, windowMs));
      },
    );
  }
}

function decisionOf(rate: RatePolicy, window: WindowDecision): RateDecision {
  return {
    allowed: window.allowed,
    limit: rate.limit,
    periodSeconds: rate.periodSeconds,
    remaining: Math.max(0, rate.limit - window.count),
    resetSeconds: Math.ceil(window.resetAtMs / 1000),
    retryAfterSeconds: Math.max(1, Math.ceil((window.resetAtMs - window.nowMs) / 1000)),
  };
}
