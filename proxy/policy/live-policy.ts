import type { Logger } from '../../shared/logger/index.js';
import { defaultPolicy, type PolicyDocument } from '../../shared/policy/schema.js';
import type { ProxyConfig } from '../config/index.js';

/** Brings one part of the pod in line with a new policy; given the one it replaces. */
export type PolicyApplier = (previous: PolicyDocument, next: PolicyDocument) => void;

/**
 * The policy this pod enforces. Version 0 is the pod's own env configuration; a stored policy
 * replaces it. Request paths read `current` once per decision, so swapping the reference makes a
 * new version take effect atomically; the appliers then reconfigure breakers and cache TTLs.
 */
export class LivePolicy {
  #current: PolicyDocument;

  constructor(
    initial: PolicyDocument,
    private readonly appliers: readonly PolicyApplier[],
    private readonly logger: Logger,
  ) {
    this.#current = initial;
  }

  get current(): PolicyDocument {
    return this.#current;
  }

  /** Applies a newer version; an older or equal one (a late or repeated message) is ignored. */
  apply(next: PolicyDocument): boolean {
    const previous = this.#current;
    if (next.version <= previous.version) return false;
    this.#current = next;
    for (const applier of this.appliers) {
      try {
        applier(previous, next);
      } catch (error) {
        this.logger.error({ err: error, version: next.version }, 'applying part of the policy failed');
      }
    }
    this.logger.info({ version: next.version, updatedBy: next.updatedBy }, 'policy applied');
    return true;
  }
}

/** The policy a pod enforces before (or without) a stored one: exactly its env configuration. */
export function envPolicy(config: ProxyConfig): PolicyDocument {
  const defaults = defaultPolicy();
  const breaker = {
    ...defaults.breakers.auth_service,
    failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
    resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
    halfOpenMaxCalls: config.BREAKER_HALF_OPEN_MAX_CALLS,
  };
  return {
    ...defaults,
    rateLimits: { ...defaults.rateLimits, enabled: config.RATE_LIMIT_ENABLED, default: config.RATE_LIMIT },
    breakers: { auth_service: breaker, app_service: breaker },
  };
}
