import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { goalViews } from './goal-view.js';
import { toFloat, toPositiveInt, toText } from './input.js';
import type { WeeklyGoal } from './store.js';
import { addDays, isIsoDate, nowNaive, rangeLabel, weekBounds } from './time.js';
import { trackedBetween } from './tracking.js';
import { labelRef, labelsList } from './views.js';

export const weeklyRangeLabel = rangeLabel;

function weeklyGoalView(ctx: Ctx, goal: WeeklyGoal): Record<string, unknown> {
  const label = labelRef(ctx.db, goal.labelId);
  // Core counts all of the user's tracked time in that week, not just the labelled tasks.
  const progress = trackedBetween(ctx.db, ctx.tz, goal.weekStart, addDays(goal.weekEnd, 1));
  const percent =
    goal.targetSeconds > 0 ? Math.min(100, Math.round((progress / goal.targetSeconds) * 100)) : 0;
  return {
    id: goal.id,
    user_id: ctx.db.id,
    title: goal.title,
    target_seconds: goal.targetSeconds,
    week_start: goal.weekStart,
    week_end: goal.weekEnd,
    long_term_goal_id: goal.longTermGoalId,
    label_id: goal.labelId,
    status: goal.status,
    created_at: goal.createdAt,
    long_term_goal_name:
      goal.longTermGoalId === null ? null : (ctx.db.goals.get(goal.longTermGoalId)?.name ?? null),
    label_name: label?.name ?? null,
    label_color: label?.color ?? null,
    progress_seconds: progress,
    progress_percent: percent,
    week_label: rangeLabel(goal.weekStart, goal.weekEnd),
    label,
  };
}

/** Weekly goals of a range; `onlyRange=false` lists all of them, newest first. */
export function weeklyGoalViews(
  ctx: Ctx,
  start: string,
  end: string,
  onlyRange: boolean,
): Record<string, unknown>[] {
  return [...ctx.db.weeklyGoals.values()]
    .filter((g) => !onlyRange || (g.weekStart <= end && g.weekEnd >= start))
    .sort((a, b) => b.id - a.id)
    .map((g) => weeklyGoalView(ctx, g));
}

function payload(ctx: Ctx, start: string, end: string): Record<string, unknown> {
  return {
    weekly_goals_current: weeklyGoalViews(ctx, start, end, true),
    weekly_goals_all: weeklyGoalViews(ctx, start, end, false),
    weekly_range_label: rangeLabel(start, end),
    week_start: start,
    week_end: end,
    long_term_goals: goalViews(ctx),
    labels: labelsList(ctx.db),
  };
}

/** The range from `week_start`/`week_end` when both are valid dates, else the current week. */
function requestedRange(ctx: Ctx): { start: string; end: string } {
  const start = ctx.req.query.get('week_start');
  const end = ctx.req.query.get('week_end');
  return isIsoDate(start) && isIsoDate(end) ? { start, end } : weekBounds(ctx.tz, ctx.today);
}

function currentPayload(ctx: Ctx): Record<string, unknown> {
  const week = weekBounds(ctx.tz, ctx.today);
  return payload(ctx, week.start, week.end);
}

/** `label_id` is required (otherwise nothing happens, still 200), as is a title. */
function createWeeklyGoal(ctx: Ctx): SandboxResponse {
  const b = ctx.body;
  const title = toText(b.title);
  const labelId = toPositiveInt(b.label_id);
  if (!title || labelId === null) return ok(currentPayload(ctx));
  const week = weekBounds(ctx.tz, ctx.today);
  const goalId = toPositiveInt(b.long_term_goal_id);
  const goal: WeeklyGoal = {
    id: ctx.store.nextId(),
    title,
    targetSeconds: Math.max(0, Math.round((toFloat(b.target_hours) ?? 0) * 3600)),
    weekStart: isIsoDate(b.week_start) ? b.week_start : week.start,
    weekEnd: isIsoDate(b.week_end) ? b.week_end : week.end,
    longTermGoalId: goalId !== null && ctx.db.goals.has(goalId) ? goalId : null,
    labelId: ctx.db.labels.has(labelId) ? labelId : null,
    status: 'active',
    createdAt: nowNaive(),
  };
  ctx.db.weeklyGoals.set(goal.id, goal);
  return ok(currentPayload(ctx));
}

function toggleWeeklyGoal(ctx: Ctx): SandboxResponse {
  const goal = ctx.db.weeklyGoals.get(Number(ctx.req.params.id));
  if (goal) goal.status = toText(ctx.body.status) || 'active';
  return ok(currentPayload(ctx));
}

function deleteWeeklyGoal(ctx: Ctx): SandboxResponse {
  ctx.db.weeklyGoals.delete(Number(ctx.req.params.id));
  return ok(currentPayload(ctx));
}

export function registerWeeklyGoals(on: Register): void {
  on('GET', '/weekly-goals', (ctx) => {
    const range = requestedRange(ctx);
    return ok(payload(ctx, range.start, range.end));
  });
  on('POST', '/weekly-goals', createWeeklyGoal);
  on('POST', '/weekly-goals/:id/toggle', toggleWeeklyGoal);
  on('POST', '/weekly-goals/:id/delete', deleteWeeklyGoal);
}
