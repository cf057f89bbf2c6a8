import type { Ctx } from './context.js';
import { addDays, DAY_NAMES, monthDay, rangeLabel, weekBounds, weekdayIndex } from './time.js';

export interface WeekDay {
  iso: string;
  day: string;
  date: string;
  full: string;
  is_today: boolean;
  is_future: boolean;
}

/** The seven days of the user's current week (Saturday-first in Asia/Tehran). */
export function currentWeek(ctx: Ctx): { label: string; start: string; end: string; days: WeekDay[] } {
  const { start, end } = weekBounds(ctx.tz, ctx.today);
  const days = Array.from({ length: 7 }, (_, i) => {
    const iso = addDays(start, i);
    return {
      iso,
      day: DAY_NAMES[weekdayIndex(iso)],
      date: iso.slice(8, 10),
      full: monthDay(iso),
      is_today: iso === ctx.today,
      is_future: iso > ctx.today,
    };
  });
  return { label: rangeLabel(start, end), start, end, days };
}

/** One boolean per week day: was the task checked / the habit logged that day. */
export function weekChecks(dates: Set<string>, days: WeekDay[]): boolean[] {
  return days.map((d) => dates.has(d.iso));
}
