/**
 * Calendar helpers for the user's timezone. Core keeps timestamps as naive UTC strings and
 * works out "today", day boundaries and weeks in the user's zone (CONTRACT §7.2.2); these
 * helpers do the same with Intl so the sandbox needs no date library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(tz: string, at: Date): Wall {
  const parts: Record<string, number> = {};
  for (const p of wallFormatter(tz).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year, month, day, minute, second } = parts;
  return { year, month, day, hour: parts.hour % 24, minute, second };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetMs(tz: string, at: Date): number {
  const w = wallClock(tz, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(tz: string, at: Date = new Date()): string {
  const w = wallClock(tz, at);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The instant a local wall-clock time happens; two passes settle DST edges. */
export function localToInstant(tz: string, date: string, time = '00:00:00'): Date {
  const base = Date.parse(`${date}T${time}Z`);
  let t = base - offsetMs(tz, new Date(base));
  t = base - offsetMs(tz, new Date(t));
  return new Date(t);
}

export const localMidnight = (tz: string, date: string): Date => localToInstant(tz, date);

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Monday … 6 = Sunday, the numbering Core uses for reminder weekdays. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Weeks start on Monday, except in Asia/Tehran where they start on Saturday (CONTRACT §7.2.2). */
export function weekBounds(tz: string, date: string): { start: string; end: string } {
  const firstDay = tz === 'Asia/Tehran' ? 5 : 0;
  const back = (weekdayIndex(date) - firstDay + 7) % 7;
  const start = addDays(date, -back);
  return { start, end: addDays(start, 6) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mar 02" */
export function monthDay(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(8, 10)}`;
}

/** "05 Mar" */
export function dayMonth(date: string): string {
  return `${date.slice(8, 10)} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

/** "Thu, 05 Mar" */
export function weekdayDayMonth(date: string): string {
  return `${DAY_NAMES[weekdayIndex(date)]}, ${dayMonth(date)}`;
}

/** Core's `"%b %d - %b %d"` range label. */
export function rangeLabel(start: string, end: string): string {
  return `${monthDay(start)} - ${monthDay(end)}`;
}

/** Naive ISO-8601 UTC with microseconds, the way Postgres timestamps come out of Core. */
export function toNaive(at: Date): string {
  return `${at.toISOString().slice(0, 23)}000`;
}

export const nowNaive = (): string => toNaive(new Date());

export function fromNaive(value: string): Date {
  return new Date(`${value.slice(0, 23)}Z`);
}

/** "9:05 AM" in the user's zone. */
export function clockTime(tz: string, at: Date): string {
  const w = wallClock(tz, at);
  const hour12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  return `${hour12}:${pad(w.minute)} ${w.hour < 12 ? 'AM' : 'PM'}`;
}

/** "HH:MM" in the user's zone. */
export function hourMinute(tz: string, at: Date): string {
  const w = wallClock(tz, at);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}
