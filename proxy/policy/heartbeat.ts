import type { Redis } from 'ioredis';
import type { PodBreaker, PodHeartbeat } from '../../shared/control-api/pods.js';
import type { Logger } from '../../shared/logger/index.js';
import { redisChannels, redisKeys } from '../../shared/redis/keys.js';
import type { BreakerSet } from '../breaker/index.js';
import type { LivePolicy } from './live-policy.js';
import type { MetricWindow } from './summary.js';

export interface PodIdentity {
  podId: string;
  address: string;
  version: string;
}

/** A heartbeat key outlives this many missed beats, then the pod vanishes from control's view. */
const beatsToLive = 3;

/**
 * Registers the pod under `bff:pod:{podId}` every `intervalMs` (with a TTL, so a dead pod
 * disappears by itself) and reports each breaker transition on `bff:breaker` as it happens.
 */
export class Heartbeat {
  readonly #started = new Date().toISOString();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly pod: PodIdentity,
    private readonly sources: { live: LivePolicy; breakers: BreakerSet; window: MetricWindow },
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.sources.breakers.on('transition', (transition) => {
      const message = JSON.stringify({ podId: this.pod.podId, ...transition });
      this.redis.publish(redisChannels.breaker, message).catch(() => {});
    });
    this.#timer = setInterval(() => this.beat(), this.intervalMs);
    this.#timer.unref();
    this.beat();
  }

  /** Stops beating and removes the key, so a pod that stops cleanly leaves the list at once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.redis.del(redisKeys.pod(this.pod.podId)).catch(() => {});
  }

  async beat(): Promise<void> {
    const metrics = await this.sources.window.take();
    const redisUp = this.redis.status === 'ready';
    if (!redisUp) return;
    const heartbeat: PodHeartbeat = {
      ...this.pod,
      started: this.#started,
      lastHeartbeat: new Date().toISOString(),
      policyVersion: this.sources.live.current.version,
      redis: 'up',
      breakers: this.#breakers(),
      metrics,
    };
    try {
      await this.redis.set(
        redisKeys.pod(this.pod.podId),
        JSON.stringify(heartbeat),
        'PX',
        this.intervalMs * beatsToLive,
      );
    } catch (error) {
      this.logger.debug({ err: error }, 'heartbeat not written');
    }
  }

  #breakers(): Record<string, PodBreaker> {
    return Object.fromEntries(
      Object.entries(this.sources.breakers.snapshot()).map(([service, snapshot]) => [
        service,
        {
          state: snapshot.state,
          failures: snapshot.failures,
          lastFailure: snapshot.last_failure,
          forced: snapshot.forced,
          forcedUntil: snapshot.forced_until,
        },
      ]),
    );
  }
}
