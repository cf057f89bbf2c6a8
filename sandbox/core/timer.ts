import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { habitView } from './habits.js';
import { dailyTarget } from './settings.js';
import type { Task, TimeEntry } from './store.js';
import {
  addDays,
  clockTime,
  isIsoDate,
  localDate,
  localMidnight,
  localToInstant,
  weekdayDayMonth,
} from './time.js';
import { span, trackedBetween } from './tracking.js';
import { labelRefs, labelsList, projectsFull, rawTask, tasksNewestFirst } from './views.js';
import { currentWeek, weekChecks } from './week-view.js';

/** Default: the last 7 local days ending today; a reversed range is swapped. */
function dashboardRange(ctx: Ctx): { start: string; end: string } {
  const start = ctx.req.query.get('start');
  const end = ctx.req.query.get('end');
  if (!isIsoDate(start) || !isIsoDate(end)) return { start: addDays(ctx.today, -6), end: ctx.today };
  return start <= end ? { start, end } : { start: end, end: start };
}

function dayLabel(ctx: Ctx, day: string): string {
  if (day === ctx.today) return 'Today';
  if (day === addDays(ctx.today, -1)) return 'Yesterday';
  return weekdayDayMonth(day);
}

function entryView(ctx: Ctx, entry: TimeEntry, now: number) {
  const [start, end] = span(entry, now);
  return {
    duration_seconds: Math.floor((end - start) / 1000),
    start_time: clockTime(ctx.tz, new Date(start)),
    end_time: entry.endedAt ? clockTime(ctx.tz, new Date(end)) : null,
  };
}

/** One day's group: tasks tracked that day, the most recently tracked first. */
function dayGroup(ctx: Ctx, day: string, entries: TimeEntry[], now: number) {
  const byTask = new Map<number, TimeEntry[]>();
  for (const e of entries) byTask.set(e.taskId, [...(byTask.get(e.taskId) ?? []), e]);
  const tasks = [...byTask]
    .map(([taskId, list]) => ({ task: ctx.db.tasks.get(taskId), list }))
    .filter((row): row is { task: Task; list: TimeEntry[] } => row.task !== undefined)
    .sort(
      (a, b) =>
        Math.max(...b.list.map((e) => span(e, now)[0])) - Math.max(...a.list.map((e) => span(e, now)[0])),
    )
    .map(({ task, list }) => {
      const views = list.map((e) => entryView(ctx, e, now));
      return {
        task_id: task.id,
        task_name: task.name,
        status: task.status,
        project_name: task.projectId === null ? null : (ctx.db.projects.get(task.projectId)?.name ?? null),
        labels: labelRefs(ctx.db, task.labelIds).map((l) => l.name),
        total_seconds: views.reduce((s, v) => s + v.duration_seconds, 0),
        entries: views,
        is_running: list.some((e) => !e.endedAt),
      };
    });
  return { label: dayLabel(ctx, day), tasks, total_seconds: tasks.reduce((s, t) => s + t.total_seconds, 0) };
}

/** Entries grouped by the local day they began; days without time are left out, oldest first. */
function timerGroups(ctx: Ctx, start: string, end: string) {
  const now = Date.now();
  const byDay = new Map<string, TimeEntry[]>();
  for (const entry of ctx.db.entries) {
    const day = localDate(ctx.tz, new Date(span(entry, now)[0]));
    if (day >= start && day <= end) byDay.set(day, [...(byDay.get(day) ?? []), entry]);
  }
  return [...byDay.keys()].sort().map((day) => dayGroup(ctx, day, byDay.get(day) ?? [], now));
}

function taskRows(ctx: Ctx, tasks: Task[], days: ReturnType<typeof currentWeek>['days']) {
  return tasks.map((t) => ({
    ...rawTask(ctx.db, t, ctx.tz, ctx.today),
    week_checks: weekChecks(t.checks, days),
  }));
}

function dashboard(ctx: Ctx): SandboxResponse {
  const range = dashboardRange(ctx);
  const week = currentWeek(ctx);
  return ok({
    timer_list_groups: timerGroups(ctx, range.start, range.end),
    timer_range_start: range.start,
    timer_range_end: range.end,
    today_total_seconds: trackedBetween(ctx.db, ctx.tz, ctx.today, addDays(ctx.today, 1)),
    today_target_seconds: dailyTarget(ctx),
    week_total_seconds: trackedBetween(ctx.db, ctx.tz, week.start, addDays(week.end, 1)),
    week_label: week.label,
    week_days: week.days,
    task_rows: taskRows(ctx, tasksNewestFirst(ctx.db), week.days),
    today_date: ctx.today,
    projects: projectsFull(ctx.db),
    labels: labelsList(ctx.db),
  });
}

function calendarBoard(ctx: Ctx): SandboxResponse {
  const week = currentWeek(ctx);
  const open = tasksNewestFirst(ctx.db).filter((t) => t.status !== 'completed');
  return ok({
    week_label: week.label,
    week_days: week.days,
    task_rows: taskRows(ctx, open, week.days),
    habit_rows: [...ctx.db.habits.values()].map((h) => ({
      ...habitView(h, ctx.today),
      week_checks: weekChecks(h.logs, week.days),
    })),
    projects: projectsFull(ctx.db),
  });
}

const PALETTE = ['#3B82F6', '#10B981', '#F59E0B', '#EF4444', '#8B5CF6', '#EC4899'];

/** An ISO datetime; without an offset it is read as the user's local wall-clock time. */
function parseMoment(ctx: Ctx, value: string | null): number | null {
  if (!value) return null;
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(value);
  if (!match || !isIsoDate(match[1])) return null;
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : '00:00:00';
  return match[2]
    ? localToInstant(ctx.tz, match[1], time).getTime()
    : localMidnight(ctx.tz, match[1]).getTime();
}

function timerEntries(ctx: Ctx): SandboxResponse {
  const from = parseMoment(ctx, ctx.req.query.get('start'));
  const to = parseMoment(ctx, ctx.req.query.get('end'));
  if (from === null || to === null) return ok({ events: [] });
  const now = Date.now();
  const events = ctx.db.entries
    .filter((e) => {
      const [s, end] = span(e, now);
      return end > from && s < to;
    })
    .map((e) => {
      const task = ctx.db.tasks.get(e.taskId);
      const project = task?.projectId ? ctx.db.projects.get(task.projectId) : undefined;
      const color = PALETTE[e.taskId % PALETTE.length];
      const [s, end] = span(e, now);
      return {
        title: `${task?.name ?? 'Task'} · ${project?.name ?? 'Unassigned'}`,
        start: new Date(s).toISOString(),
        end: new Date(end).toISOString(),
        taskId: e.taskId,
        backgroundColor: color,
        borderColor: color,
        textColor: '#FFFFFF',
      };
    });
  return ok({ events });
}

export function registerTimer(on: Register): void {
  on('GET', '/timer/dashboard', dashboard);
  on('GET', '/timer/entries', timerEntries);
  on('GET', '/calendar/board', calendarBoard);
}
