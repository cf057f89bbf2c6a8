/** Auth's per-IP limiter (CONTRACT §7.1.3), in process memory like the original. */

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const AUTH_RATE_LIMITS = {
  login: { limit: 5, windowSeconds: 300, blockSeconds: 900 },
  forgot: { limit: 3, windowSeconds: 300, blockSeconds: 900 },
  resetConfirm: { limit: 5, windowSeconds: 300, blockSeconds: 900 },
  resendVerification: { limit: 3, windowSeconds: 3600, blockSeconds: 1800 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitAction = keyof typeof AUTH_RATE_LIMITS;

export class RateLimiter {
  readonly #enabled: boolean;
  /** Attempt timestamps (ms) per `ip|action`. */
  readonly #attempts = new Map<string, number[]>();
  /** A block covers every action of the IP, as in Auth. */
  readonly #blockedUntil = new Map<string, number>();

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /**
   * Records `cost` attempts (password-reset/request passes through the limiter twice in Auth,
   * hence a cost of 2) and returns the seconds to wait when the IP is or becomes blocked.
   */
  hit(ip: string, action: RateLimitAction, cost = 1, now = Date.now()): number | null {
    if (!this.#enabled) return null;
    const blockedUntil = this.#blockedUntil.get(ip) ?? 0;
    if (blockedUntil > now) return Math.ceil((blockedUntil - now) / 1000);

    const rule: RateLimitRule = AUTH_RATE_LIMITS[action];
    const key = `${ip}|${action}`;
    const recent = (this.#attempts.get(key) ?? []).filter((at) => now - at < rule.windowSeconds * 1000);
    for (let i = 0; i < cost; i++) recent.push(now);
    this.#attempts.set(key, recent);
    if (recent.length <= rule.limit) return null;

    this.#blockedUntil.set(ip, now + rule.blockSeconds * 1000);
    this.#attempts.delete(key);
    return rule.blockSeconds;
  }
}
