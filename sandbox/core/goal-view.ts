import type { Ctx } from './context.js';
import type { Goal, UserData } from './store.js';
import { daysBetween, isIsoDate } from './time.js';
import { taskStats } from './tracking.js';
import { labelRef } from './views.js';

/** Tracked time of the directly linked tasks plus every task of the linked projects, each counted once. */
function goalSeconds(ctx: Ctx, goal: Goal): number {
  const ids = new Set(goal.taskIds);
  for (const task of ctx.db.tasks.values())
    if (task.projectId !== null && goal.projectIds.includes(task.projectId)) ids.add(task.id);
  let total = 0;
  for (const id of ids) {
    const task = ctx.db.tasks.get(id);
    if (task) total += taskStats(ctx.db, task, ctx.tz, ctx.today).total;
  }
  return total;
}

function deadline(goal: Goal, today: string): Record<string, number | null> {
  if (!isIsoDate(goal.targetDate)) {
    return { deadline_total_days: null, deadline_remaining_days: null, deadline_percent: null };
  }
  const total = Math.max(0, daysBetween(goal.createdAt.slice(0, 10), goal.targetDate));
  const remaining = Math.max(0, daysBetween(today, goal.targetDate));
  const percent = total === 0 ? 100 : Math.min(100, Math.round(((total - remaining) / total) * 100));
  return { deadline_total_days: total, deadline_remaining_days: remaining, deadline_percent: percent };
}

function subgoalViews(db: UserData, goal: Goal): Record<string, unknown>[] {
  return goal.subgoals.map((s) => ({
    id: s.id,
    title: s.title,
    label: s.label,
    target_date: s.targetDate,
    project_id: s.projectId,
    status: s.status,
    created_at: s.createdAt,
    project_name: s.projectId === null ? null : (db.projects.get(s.projectId)?.name ?? null),
  }));
}

function progressOf(goal: Goal, done: number, totalSeconds: number): number {
  if (goal.subgoals.length > 0) return Math.round((done / goal.subgoals.length) * 100);
  if (goal.targetSeconds > 0) return Math.min(100, Math.round((totalSeconds / goal.targetSeconds) * 100));
  return 0;
}

/** The Goal shape of CONTRACT §7.2.4. */
export function goalView(ctx: Ctx, goal: Goal): Record<string, unknown> {
  const { db } = ctx;
  const label = labelRef(db, goal.labelId);
  const done = goal.subgoals.filter((s) => s.status === 'completed').length;
  const totalSeconds = goalSeconds(ctx, goal);
  const projects = goal.projectIds
    .map((id) => db.projects.get(id))
    .filter((p) => p !== undefined)
    .map((p) => ({ id: p.id, name: p.name, created_at: p.createdAt }));
  const allDone = goal.subgoals.length > 0 && done === goal.subgoals.length;
  return {
    id: goal.id,
    user_id: db.id,
    name: goal.name,
    description: goal.description,
    status: goal.status,
    priority: goal.priority,
    target_date: goal.targetDate,
    target_seconds: goal.targetSeconds,
    label_id: goal.labelId,
    created_at: goal.createdAt,
    label_name: label?.name ?? null,
    label_color: label?.color ?? null,
    project_ids: [...goal.projectIds],
    task_ids: [...goal.taskIds],
    projects,
    subgoals: subgoalViews(db, goal),
    subgoals_count: goal.subgoals.length,
    subgoals_completed: done,
    total_seconds: totalSeconds,
    progress: progressOf(goal, done, totalSeconds),
    display_status: goal.subgoals.length === 0 ? goal.status : allDone ? 'completed' : 'active',
    tasks_count: goal.taskIds.length,
    projects_count: goal.projectIds.length,
    ...deadline(goal, ctx.today),
    label,
  };
}

export function goalViews(ctx: Ctx): Record<string, unknown>[] {
  return [...ctx.db.goals.values()].sort((a, b) => b.id - a.id).map((g) => goalView(ctx, g));
}
