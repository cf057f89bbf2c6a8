import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { goalView, goalViews } from './goal-view.js';
import { toBool, toFloat, toIdList, toOptionalText, toPositiveInt, toText } from './input.js';
import type { Goal, Subgoal } from './store.js';
import { nowNaive, weekBounds } from './time.js';
import { labelsList, projectsFull, rawTask, tasksNewestFirst } from './views.js';
import { weeklyGoalViews, weeklyRangeLabel } from './weekly-goals.js';

function goalsPayload(ctx: Ctx): Record<string, unknown> {
  const goals = [...ctx.db.goals.values()];
  const views = goalViews(ctx);
  const week = weekBounds(ctx.tz, ctx.today);
  return {
    goals: views,
    active_goals_count: goals.filter((g) => g.status === 'active' || g.status === 'at_risk').length,
    total_goal_seconds: views.reduce((sum, g) => sum + Number(g.total_seconds), 0),
    targets_set: goals.filter((g) => g.targetDate).length,
    weekly_goals: weeklyGoalViews(ctx, week.start, week.end, true),
    weekly_range_label: weeklyRangeLabel(week.start, week.end),
    projects: projectsFull(ctx.db),
    tasks: tasksNewestFirst(ctx.db).map((t) => rawTask(ctx.db, t, ctx.tz, ctx.today)),
    labels: labelsList(ctx.db),
  };
}

function newSubgoal(ctx: Ctx, title: string, extra: Partial<Subgoal> = {}): Subgoal {
  return {
    id: ctx.store.nextId(),
    title,
    label: null,
    targetDate: null,
    projectId: null,
    status: 'pending',
    createdAt: nowNaive(),
    ...extra,
  };
}

/** Applies whichever goal fields are present; ids the user does not own are dropped. */
function applyGoalFields(ctx: Ctx, goal: Goal): void {
  const b = ctx.body;
  const { db } = ctx;
  if (toText(b.name)) goal.name = toText(b.name);
  if ('description' in b) goal.description = toOptionalText(b.description);
  if (toText(b.status)) goal.status = toText(b.status);
  if (toText(b.priority)) goal.priority = toText(b.priority);
  if ('target_date' in b) goal.targetDate = toOptionalText(b.target_date);
  const hours = toFloat(b.target_hours);
  if (hours !== null) goal.targetSeconds = Math.max(0, Math.round(hours * 3600));
  if ('label_id' in b) {
    const labelId = toPositiveInt(b.label_id);
    goal.labelId = labelId !== null && db.labels.has(labelId) ? labelId : null;
  }
  if ('project_ids' in b) goal.projectIds = toIdList(b.project_ids).filter((id) => db.projects.has(id));
  if ('task_ids' in b) goal.taskIds = toIdList(b.task_ids).filter((id) => db.tasks.has(id));
  if (b.subgoals !== undefined && b.subgoals !== null) {
    const titles = String(b.subgoals)
      .split('\n')
      .map((t) => t.trim());
    goal.subgoals = titles.filter(Boolean).map((t) => newSubgoal(ctx, t));
  }
}

/** `label_id` is required: without it nothing is created, yet the answer is still 200 (as in Core). */
function createGoal(ctx: Ctx): SandboxResponse {
  const name = toText(ctx.body.name);
  if (!name || toPositiveInt(ctx.body.label_id) === null) return ok(goalsPayload(ctx));
  const goal: Goal = {
    id: ctx.store.nextId(),
    name,
    description: null,
    status: 'active',
    priority: 'medium',
    targetDate: null,
    targetSeconds: 0,
    labelId: null,
    createdAt: nowNaive(),
    projectIds: [],
    taskIds: [],
    subgoals: [],
  };
  applyGoalFields(ctx, goal);
  ctx.db.goals.set(goal.id, goal);
  return ok(goalsPayload(ctx));
}

function withGoal(change: (ctx: Ctx, goal: Goal) => void) {
  return (ctx: Ctx): SandboxResponse => {
    const goal = ctx.db.goals.get(Number(ctx.req.params.id));
    if (goal) change(ctx, goal);
    return ok(goalsPayload(ctx));
  };
}

function goalDetail(ctx: Ctx): SandboxResponse {
  const goal = ctx.db.goals.get(Number(ctx.req.params.id));
  if (!goal) return { status: 404, body: { error: 'Goal not found' } };
  return ok({
    goal: goalView(ctx, goal),
    projects: projectsFull(ctx.db),
    tasks: tasksNewestFirst(ctx.db).map((t) => rawTask(ctx.db, t, ctx.tz, ctx.today)),
    labels: labelsList(ctx.db),
  });
}

function deleteGoal(ctx: Ctx, goal: Goal): void {
  ctx.db.goals.delete(goal.id);
  for (const weekly of ctx.db.weeklyGoals.values())
    if (weekly.longTermGoalId === goal.id) weekly.longTermGoalId = null;
}

/** Marks the subgoal, then recomputes the goal: completed when every subgoal is done. */
function toggleSubgoal(ctx: Ctx): SandboxResponse {
  const id = Number(ctx.req.params.id);
  for (const goal of ctx.db.goals.values()) {
    const subgoal = goal.subgoals.find((s) => s.id === id);
    if (!subgoal) continue;
    subgoal.status = toBool(ctx.body.done, false) ? 'completed' : 'pending';
    goal.status = goal.subgoals.every((s) => s.status === 'completed') ? 'completed' : 'active';
  }
  return ok(goalsPayload(ctx));
}

function addSubgoal(ctx: Ctx, goal: Goal): void {
  const title = toText(ctx.body.title);
  if (!title) return;
  const projectId = toPositiveInt(ctx.body.project_id);
  goal.subgoals.push(
    newSubgoal(ctx, title, {
      label: toOptionalText(ctx.body.label),
      targetDate: toOptionalText(ctx.body.target_date),
      projectId: projectId !== null && ctx.db.projects.has(projectId) ? projectId : null,
    }),
  );
}

export function registerGoals(on: Register): void {
  on('GET', '/goals', (ctx) => ok(goalsPayload(ctx)));
  on('POST', '/goals', createGoal);
  on('GET', '/goals/:id', goalDetail);
  on('POST', '/goals/:id/edit', withGoal(applyGoalFields));
  on('POST', '/goals/:id/delete', withGoal(deleteGoal));
  on('POST', '/goals/subgoals/:id/toggle', toggleSubgoal);
  on('POST', '/goals/:id/subgoals', withGoal(addSubgoal));
}
