import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { goalViews } from './goal-view.js';
import { toBool, toOptionalText, toText } from './input.js';
import type { Habit } from './store.js';
import { addDays, isIsoDate, nowNaive } from './time.js';

/** Consecutive logged days ending today, or ending yesterday when today is not done yet. */
export function streakOf(habit: Habit, today: string): number {
  let day = habit.logs.has(today) ? today : addDays(today, -1);
  let streak = 0;
  while (habit.logs.has(day)) {
    streak += 1;
    day = addDays(day, -1);
  }
  return streak;
}

export function habitView(habit: Habit, today: string): Record<string, unknown> {
  const meta = [
    habit.frequency,
    habit.timeOfDay,
    habit.goalName ? `Goal: ${habit.goalName}` : null,
    habit.subgoalName ? `Sub-goal: ${habit.subgoalName}` : null,
  ].filter(Boolean);
  return {
    id: habit.id,
    name: habit.name,
    frequency: habit.frequency,
    time_of_day: habit.timeOfDay,
    reminder: habit.reminder,
    notes: habit.notes,
    goal_name: habit.goalName,
    subgoal_name: habit.subgoalName,
    created_at: habit.createdAt,
    done: habit.logs.has(today),
    streak: streakOf(habit, today),
    meta: meta.join(' • '),
  };
}

/** The most common time of day among habits; Core's default is "Night close". */
function focusWindow(habits: Habit[]): string {
  const counts = new Map<string, number>();
  for (const h of habits) if (h.timeOfDay) counts.set(h.timeOfDay, (counts.get(h.timeOfDay) ?? 0) + 1);
  let best = 'Night close';
  let bestCount = 0;
  for (const [name, count] of counts) if (count > bestCount) [best, bestCount] = [name, count];
  return best;
}

export function habitsSummary(ctx: Ctx): Record<string, unknown> {
  const habits = [...ctx.db.habits.values()];
  return {
    completed: habits.filter((h) => h.logs.has(ctx.today)).length,
    total: habits.length,
    best_streak: habits.reduce((best, h) => Math.max(best, streakOf(h, ctx.today)), 0),
    focus_window: focusWindow(habits),
  };
}

export function habitList(ctx: Ctx): Record<string, unknown>[] {
  return [...ctx.db.habits.values()].sort((a, b) => a.id - b.id).map((h) => habitView(h, ctx.today));
}

/** Last 14 local days and the percentage of habits done on each. */
function habitSeries(ctx: Ctx): { labels: string[]; values: number[] } {
  const habits = [...ctx.db.habits.values()];
  const labels = Array.from({ length: 14 }, (_, i) => addDays(ctx.today, i - 13));
  const values = labels.map((day) =>
    habits.length ? Math.round((habits.filter((h) => h.logs.has(day)).length / habits.length) * 100) : 0,
  );
  return { labels, values };
}

function habitsPayload(ctx: Ctx): Record<string, unknown> {
  const summary = habitsSummary(ctx);
  return {
    today: ctx.today,
    habits: habitList(ctx),
    goals: goalViews(ctx),
    total_habits: summary.total,
    completed_habits: summary.completed,
    best_streak: summary.best_streak,
    focus_window: summary.focus_window,
    habit_series: habitSeries(ctx),
  };
}

function applyHabitFields(ctx: Ctx, habit: Habit): void {
  const b = ctx.body;
  habit.name = toText(b.name) || habit.name;
  habit.frequency = toText(b.frequency) || 'Daily';
  habit.timeOfDay = toOptionalText(b.time_of_day);
  habit.reminder = toOptionalText(b.reminder);
  habit.notes = toOptionalText(b.notes);
  habit.goalName = toOptionalText(b.goal_name);
  habit.subgoalName = toOptionalText(b.subgoal_name);
}

function createHabit(ctx: Ctx): SandboxResponse {
  if (!toText(ctx.body.name)) return ok(habitsPayload(ctx));
  const habit: Habit = {
    id: ctx.store.nextId(),
    name: '',
    frequency: 'Daily',
    timeOfDay: null,
    reminder: null,
    notes: null,
    goalName: null,
    subgoalName: null,
    createdAt: nowNaive(),
    logs: new Set(),
  };
  applyHabitFields(ctx, habit);
  ctx.db.habits.set(habit.id, habit);
  return ok(habitsPayload(ctx));
}

function withHabit(change: (ctx: Ctx, habit: Habit) => void) {
  return (ctx: Ctx): SandboxResponse => {
    const habit = ctx.db.habits.get(Number(ctx.req.params.id));
    if (habit) change(ctx, habit);
    return ok(habitsPayload(ctx));
  };
}

/** A missing `done` means false and removes the log, as in Core. */
function toggleHabit(ctx: Ctx, habit: Habit): void {
  const date = isIsoDate(ctx.body.date) ? ctx.body.date : ctx.today;
  if (toBool(ctx.body.done, false)) habit.logs.add(date);
  else habit.logs.delete(date);
}

export function registerHabits(on: Register): void {
  on('GET', '/habits', (ctx) => ok(habitsPayload(ctx)));
  on('POST', '/habits', createHabit);
  on(
    'POST',
    '/habits/:id/update',
    withHabit((ctx, h) => toText(ctx.body.name) && applyHabitFields(ctx, h)),
  );
  on('POST', '/habits/:id/toggle', withHabit(toggleHabit));
  // Inferred from the BFF (not in the Core snapshot): logs the habit for today, idempotently.
  on(
    'POST',
    '/habits/:id/track',
    withHabit((ctx, h) => h.logs.add(ctx.today)),
  );
  on(
    'POST',
    '/habits/:id/delete',
    withHabit((ctx, h) => ctx.db.habits.delete(h.id)),
  );
}
