/**
 * One rate-limit decision of a sliding-window log. The log keeps the times of the requests it
 * accepted in the last `windowMs`; a request is accepted while fewer than `limit` are in it.
 * Refused requests are not recorded (CONTRACT §5.2), so a client that keeps hammering regains
 * capacity as its oldest accepted requests age out. There is no window edge: at every instant at
 * most `limit` requests were accepted in the preceding `windowMs`, never twice the limit around a
 * boundary as with fixed windows.
 */
export interface WindowDecision {
  allowed: boolean;
  /** Accepted requests in the window, this one included when accepted. */
  count: number;
  /** Epoch ms when the oldest accepted request leaves the window (a slot frees). */
  resetAtMs: number;
  nowMs: number;
}

interface Log {
  times: number[];
  /** Index of the oldest live entry; entries before it expired (compacted now and then). */
  head: number;
}

/**
 * The sliding-window log in this process: the limiter of a pod without Redis, or while Redis
 * fails. Memory is bounded: at most `limit` times per client, at most `maxClients` clients (the
 * least recently seen go first).
 */
export class LocalWindows {
  readonly #logs = new Map<string, Log>();

  constructor(
    private readonly maxClients = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, limit: number, windowMs: number): WindowDecision {
    const nowMs = this.now();
    const log = this.#touch(key);
    const cutoff = nowMs - windowMs;
    while (log.head < log.times.length && log.times[log.head] <= cutoff) log.head++;
    if (log.head > 64 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.head = 0;
    }
    const allowed = log.times.length - log.head < limit;
    if (allowed) log.times.push(nowMs);
    const oldest = log.times[log.head] ?? nowMs;
    return { allowed, count: log.times.length - log.head, resetAtMs: oldest + windowMs, nowMs };
  }

  get size(): number {
    return this.#logs.size;
  }

  /** The client's log, moved to the young end of the map (insertion order is recency). */
  #touch(key: string): Log {
    const existing = this.#logs.get(key);
    if (existing) {
      this.#logs.delete(key);
      this.#logs.set(key, existing);
      return existing;
    }
    if (this.#logs.size >= this.maxClients) {
      const oldest = this.#logs.keys().next();
      if (!oldest.done) this.#logs.delete(oldest.value);
    }
    const log: Log = { times: [], head: 0 };
    this.#logs.set(key, log);
    return log;
  }
}
