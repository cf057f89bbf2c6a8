import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { toBool, toIdList, toPositiveInt, toText } from './input.js';
import type { Task } from './store.js';
import {
  BULK_ACTIONS,
  completeTask,
  deleteTask,
  reopenTask,
  setDailyCheck,
  startTask,
  stopTask,
  type TaskAction,
} from './task-actions.js';
import { nowNaive } from './time.js';
import { serializeTask, tasksNewestFirst } from './views.js';

const PRIORITIES = ['high', 'medium', 'low'];

/** TasksPayload: three buckets, newest first (CONTRACT §7.2.2). */
export function tasksPayload(ctx: Ctx): Record<string, unknown> {
  const out = { tasks: [] as unknown[], done_today_tasks: [] as unknown[], completed_tasks: [] as unknown[] };
  for (const task of tasksNewestFirst(ctx.db)) {
    const view = serializeTask(ctx.db, task, ctx.tz, ctx.today);
    if (task.status === 'completed') out.completed_tasks.push(view);
    else if (task.checks.has(ctx.today)) out.done_today_tasks.push(view);
    else out.tasks.push(view);
  }
  return out;
}

function ownedTask(ctx: Ctx): Task | undefined {
  return ctx.db.tasks.get(Number(ctx.req.params.id));
}

function addLabel(ctx: Ctx, task: Task, value: unknown): void {
  const labelId = toPositiveInt(value);
  if (labelId !== null && ctx.db.labels.has(labelId) && !task.labelIds.includes(labelId))
    task.labelIds.push(labelId);
}

/**
 * Creates a task. Unlike Core (which links foreign labels and 500s on non-integer ids), the sandbox
 * keeps only ids the user owns and ignores the rest, per the "no IDOR gaps" rule.
 */
function createTask(ctx: Ctx): SandboxResponse {
  const name = toText(ctx.body.name);
  if (!name) return ok(tasksPayload(ctx));
  const projectId = toPositiveInt(ctx.body.project_id);
  const priority = toText(ctx.body.priority);
  const task: Task = {
    id: ctx.store.nextId(),
    name,
    createdAt: nowNaive(),
    projectId: projectId !== null && ctx.db.projects.has(projectId) ? projectId : null,
    status: 'active',
    completedAt: null,
    priority: PRIORITIES.includes(priority) ? priority : 'medium',
    labelIds: toIdList(ctx.body.label_ids).filter((id) => ctx.db.labels.has(id)),
    checks: new Set(),
  };
  ctx.db.tasks.set(task.id, task);
  task.projectId ??= [...ctx.db.projects.values()].find((p) => p.name === 'General')?.id ?? null;
  const goal = ctx.db.goals.get(toPositiveInt(ctx.body.goal_id) ?? 0);
  if (goal) goal.taskIds.push(task.id);
  return ok(tasksPayload(ctx));
}

/** Core's edit only renames and adds `label_id`; the other fields the PWA sends are ignored. */
function editTask(ctx: Ctx): SandboxResponse {
  const task = ownedTask(ctx);
  if (task) {
    const name = toText(ctx.body.name);
    if (name) task.name = name;
    addLabel(ctx, task, ctx.body.label_id);
  }
  return ok(tasksPayload(ctx));
}

function onTask(action: TaskAction) {
  return (ctx: Ctx): SandboxResponse => {
    const task = ownedTask(ctx);
    if (task) action(ctx, task);
    return ok(tasksPayload(ctx));
  };
}

function bulk(ctx: Ctx): SandboxResponse {
  const action = BULK_ACTIONS[toText(ctx.body.action)];
  if (!action) return { status: 400, body: { error: 'Invalid task action' } };
  for (const id of toIdList(ctx.body.task_ids)) {
    const task = ctx.db.tasks.get(id);
    if (task) action(ctx, task);
  }
  return ok(tasksPayload(ctx));
}

export function registerTasks(on: Register): void {
  on('GET', '/tasks', (ctx) => ok(tasksPayload(ctx)));
  on('POST', '/tasks', createTask);
  on('POST', '/tasks/bulk', bulk);
  on('POST', '/tasks/:id/edit', editTask);
  on(
    'POST',
    '/tasks/:id/labels',
    onTask((ctx, task) => addLabel(ctx, task, ctx.body.label_id)),
  );
  on('POST', '/tasks/:id/start', onTask(startTask));
  on('POST', '/tasks/:id/stop', onTask(stopTask));
  on('POST', '/tasks/:id/complete', onTask(completeTask));
  on('POST', '/tasks/:id/reopen', onTask(reopenTask));
  on('POST', '/tasks/:id/delete', onTask(deleteTask));
  on(
    'POST',
    '/tasks/:id/daily-check',
    onTask((ctx, task) => setDailyCheck(ctx, task, toBool(ctx.body.done, true))),
  );
}
