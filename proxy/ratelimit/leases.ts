import type { WindowDecision } from './window.js';

/** Slots taken from the shared log in one round trip, spent by this pod without asking again. */
interface Lease {
  remaining: number;
  /** After this the unspent slots are dropped (epoch ms). */
  usableUntil: number;
  /** The shared count and reset the lease was granted with, for the decision's headers. */
  count: number;
  resetAtMs: number;
  limit: number;
}

/** At most this many slots per lease: each is a member of the shared sorted set. */
const maxLeaseSlots = 64;
/** Leases of clients not seen again are forgotten beyond this many. */
const maxLeases = 10_000;

/**
 * How many slots to take at once under `limit`: 1 % of it, so a pod holding unspent slots
 * refuses others at most 1 % early. Small limits (under 200) still take one slot per request.
 */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(maxLeaseSlots, Math.floor(limit / 100)));
}

/**
 * How long unspent slots stay usable: 1 % of the window (at most a second). A slot is recorded
 * when it is leased, so spending it later may let that request count up to this much less long.
 */
export function leaseLifetimeMs(windowMs: number): number {
  return Math.min(1_000, Math.floor(windowMs / 100));
}

/** This pod's unspent leased slots, by rate-limit key. */
export class SlotLeases {
  readonly #leases = new Map<string, Lease>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Spends one leased slot; undefined when the key has none usable (ask the shared log). */
  spend(key: string, limit: number): WindowDecision | undefined {
    const lease = this.#leases.get(key);
    if (lease === undefined) return undefined;
    const nowMs = this.now();
    if (lease.remaining <= 0 || nowMs >= lease.usableUntil || lease.limit !== limit) {
      this.#leases.delete(key);
      return undefined;
    }
    lease.remaining -= 1;
    return { allowed: true, count: lease.count, resetAtMs: lease.resetAtMs, nowMs };
  }

  /** Keeps the slots of a grant beyond the one spent at once. */
  keep(key: string, limit: number, unspent: number, decision: WindowDecision, lifetimeMs: number): void {
    if (unspent <= 0 || lifetimeMs <= 0) return;
    const existing = this.#leases.get(key);
    if (existing && existing.limit === limit && this.now() < existing.usableUntil) {
      existing.remaining += unspent;
      existing.count = decision.count;
      return;
    }
    if (this.#leases.size >= maxLeases) this.#leases.clear();
    this.#leases.set(key, {
      remaining: unspent,
      usableUntil: this.now() + lifetimeMs,
      count: decision.count,
      resetAtMs: decision.resetAtMs,
      limit,
    });
  }
}
