import type { Redis } from 'ioredis';
import { type BreakerTransition, breakerTransitionSchema } from '../../shared/control-api/breakers.js';
import type { Logger } from '../../shared/logger/index.js';
import { redisChannels } from '../../shared/redis/keys.js';
import type { ControlMetrics } from '../metrics.js';

const keptTransitions = 100;

/**
 * Listens to what pods publish: breaker transitions are kept (newest first) for `GET /v1/breakers`
 * and logged; policy announcements are only counted (control wrote them).
 */
export class ClusterEvents {
  readonly #transitions: BreakerTransition[] = [];

  constructor(
    subscriber: Redis,
    private readonly metrics: ControlMetrics,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.#receive(channel, message));
    // ioredis re-subscribes by itself after a reconnect.
    subscriber.subscribe(redisChannels.breaker, redisChannels.policy).catch((error: unknown) => {
      logger.warn({ err: error }, 'subscribing to pod events failed; retried on reconnect');
    });
  }

  get transitions(): readonly BreakerTransition[] {
    return this.#transitions;
  }

  #receive(channel: string, message: string): void {
    this.metrics.pubsubMessages.labels(channel, 'received').inc();
    if (channel !== redisChannels.breaker) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = breakerTransitionSchema.safeParse(payload);
    if (!parsed.success) return;
    this.logger.info(parsed.data, 'breaker transition');
    this.#transitions.unshift(parsed.data);
    if (this.#transitions.length > keptTransitions) this.#transitions.length = keptTransitions;
  }
}
