import type { Redis } from 'ioredis';
import type { Logger } from '../../shared/logger/index.js';
import { policyDocumentSchema } from '../../shared/policy/schema.js';
import { redisChannels, redisKeys } from '../../shared/redis/keys.js';
import type { LivePolicy } from './live-policy.js';

/**
 * Keeps the pod's policy in step with Redis: reads it at start and whenever the connection comes
 * back, on every announcement, and every `refreshMs` in case an announcement was missed. When
 * Redis or control is away nothing changes: the pod keeps the last policy it applied.
 */
export class PolicySync {
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly live: LivePolicy,
    private readonly refreshMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === redisChannels.policy && announcedVersion(message) > this.live.current.version)
        this.refresh();
    });
    this.subscriber.subscribe(redisChannels.policy).catch(() => {});
    this.redis.on('ready', () => this.refresh());
    this.#timer = setInterval(() => this.refresh(), this.refreshMs);
    this.#timer.unref();
    this.refresh();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One read at a time; a request for another while one runs makes it run once more after. */
  refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = this.#read().finally(() => {
      this.#inFlight = undefined;
      if (this.#again) {
        this.#again = false;
        this.refresh();
      }
    });
    return this.#inFlight;
  }

  async #read(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    let raw: string | null;
    try {
      raw = await this.redis.get(redisKeys.policy);
    } catch (error) {
      this.logger.debug({ err: error }, 'policy read failed; keeping the current policy');
      return;
    }
    if (raw === null) return;
    const parsed = policyDocumentSchema.safeParse(safeJson(raw));
    if (!parsed.success) {
      this.logger.warn(
        { problems: parsed.error.issues.length },
        'stored policy is invalid; keeping the current one',
      );
      return;
    }
    this.live.apply(parsed.data);
  }
}

function announcedVersion(message: string): number {
  const version = (safeJson(message) as { version?: unknown } | undefined)?.version;
  return typeof version === 'number' ? version : Number.POSITIVE_INFINITY;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
