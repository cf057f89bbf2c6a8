import { RecencyMap } from '../memo/recency-map.js';

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

/**
 * Requests accepted within one slice of the window share one entry of the log, which keeps the
 * latest of their times. A log then holds at most `slicesPerWindow + 1` entries whatever the
 * limit: a log of every time held `limit` of them, and at a high limit its copies and its large
 * arrays cost a busy client's requests more than the decision itself. Treating a slice's
 * requests as made at its latest keeps them counted slightly longer, never shorter: the limit
 * still holds at every instant, and a slot frees at most `windowMs / slicesPerWindow` late.
 */
const slicesPerWindow = 64;

interface Log {
  /** Per entry: the latest accepted time in its slice, and how many were accepted there. */
  times: number[];
  counts: number[];
  /** Index of the oldest live entry; entries before it expired (compacted now and then). */
  head: number;
  /** Sum of the live entries' counts. */
  live: number;
}

/**
 * The sliding-window log in this process: the limiter of a pod without Redis, or while Redis
 * fails. Memory is bounded: at most `slicesPerWindow + 1` entries per client, at most
 * `maxClients` clients (the least recently seen go first).
 */
export class LocalWindows {
  readonly #logs = new RecencyMap<string, Log>();

  constructor(
    private readonly maxClients = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, limit: number, windowMs: number): WindowDecision {
    const nowMs = this.now();
    const log = this.#touch(key);
    expire(log, nowMs - windowMs);
    const allowed = log.live < limit;
    if (allowed) record(log, nowMs, windowMs / slicesPerWindow);
    const oldest = log.times[log.head] ?? nowMs;
    return { allowed, count: log.live, resetAtMs: oldest + windowMs, nowMs };
  }

  get size(): number {
    return this.#logs.size;
  }

  /** Entries held by one client's log, for tests of the bound. */
  entriesOf(key: string): number {
    const log = this.#logs.get(key);
    return log ? log.times.length - log.head : 0;
  }

  /** The client's log, a new one when it has none; past `maxClients`, the least recently seen goes. */
  #touch(key: string): Log {
    const existing = this.#logs.get(key);
    if (existing) return existing;
    if (this.#logs.size >= this.maxClients) {
      const oldest = this.#logs.oldest();
      if (oldest) this.#logs.delete(oldest[0]);
    }
    const log: Log = { times: [], counts: [], head: 0, live: 0 };
    this.#logs.set(key, log);
    return log;
  }
}

function expire(log: Log, cutoff: number): void {
  while (log.head < log.times.length && log.times[log.head] <= cutoff) {
    log.live -= log.counts[log.head];
    log.head++;
  }
  if (log.head > 16 && log.head * 2 > log.times.length) {
    log.times = log.times.slice(log.head);
    log.counts = log.counts.slice(log.head);
    log.head = 0;
  }
}

function record(log: Log, nowMs: number, sliceMs: number): void {
  log.live++;
  const last = log.times.length - 1;
  if (last >= log.head && Math.floor(log.times[last] / sliceMs) === Math.floor(nowMs / sliceMs)) {
    log.times[last] = nowMs;
    log.counts[last]++;
    return;
  }
  log.times.push(nowMs);
  log.counts.push(1);
}
