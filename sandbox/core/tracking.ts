import type { Task, TimeEntry, UserData } from './store.js';
import { fromNaive, localMidnight } from './time.js';

/** An entry as a `[start, end)` pair of epoch ms; a running entry ends now. */
export function span(entry: TimeEntry, now: number): [number, number] {
  const start = fromNaive(entry.startedAt).getTime();
  return [start, entry.endedAt ? fromNaive(entry.endedAt).getTime() : now];
}

/** Seconds of one entry inside `[from, to)`. */
export function clippedSeconds(entry: TimeEntry, from: number, to: number, now = Date.now()): number {
  const [start, end] = span(entry, now);
  return Math.max(0, Math.min(end, to) - Math.max(start, from)) / 1000;
}

export function taskEntries(db: UserData, taskId: number): TimeEntry[] {
  return db.entries.filter((e) => e.taskId === taskId);
}

export function isRunning(db: UserData, taskId: number): boolean {
  return db.entries.some((e) => e.taskId === taskId && !e.endedAt);
}

export interface TaskStats {
  total: number;
  rolling24h: number;
  today: number;
  running: boolean;
}

export function taskStats(db: UserData, task: Task, tz: string, today: string): TaskStats {
  const now = Date.now();
  const midnight = localMidnight(tz, today).getTime();
  const entries = taskEntries(db, task.id);
  const sum = (from: number) =>
    Math.floor(entries.reduce((s, e) => s + clippedSeconds(e, from, now, now), 0));
  return {
    total: sum(0),
    rolling24h: sum(now - 86_400_000),
    today: sum(midnight),
    running: entries.some((e) => !e.endedAt),
  };
}

/** Seconds of the given entries inside `[from, to)`, with overlaps merged so parallel timers count once. */
export function mergedSeconds(entries: TimeEntry[], from: number, to: number): number {
  const now = Date.now();
  const spans = entries
    .map((e) => span(e, now))
    .map(([s, e]): [number, number] => [Math.max(s, from), Math.min(e, to)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cursor = -Infinity;
  for (const [s, e] of spans) {
    const start = Math.max(s, cursor);
    if (e > start) total += e - start;
    cursor = Math.max(cursor, e);
  }
  return Math.floor(total / 1000);
}

/** All of the user's tracked time between two local dates (inclusive), overlaps merged. */
export function trackedBetween(
  db: UserData,
  tz: string,
  startDate: string,
  endDateExclusive: string,
): number {
  const from = localMidnight(tz, startDate).getTime();
  const to = localMidnight(tz, endDateExclusive).getTime();
  return mergedSeconds(db.entries, from, to);
}
