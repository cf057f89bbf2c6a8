import type { Ctx } from './context.js';
import type { Task } from './store.js';
import { nowNaive } from './time.js';
import { isRunning } from './tracking.js';

/** Opens an entry unless the task already runs; several tasks may run at once (CONTRACT §7.2.2). */
export function startTask(ctx: Ctx, task: Task): void {
  if (isRunning(ctx.db, task.id)) return;
  ctx.db.entries.push({ id: ctx.store.nextId(), taskId: task.id, startedAt: nowNaive(), endedAt: null });
}

/** Closes every open entry of the task. */
export function stopTask(ctx: Ctx, task: Task): void {
  const now = nowNaive();
  for (const entry of ctx.db.entries) if (entry.taskId === task.id && !entry.endedAt) entry.endedAt = now;
}

export function completeTask(ctx: Ctx, task: Task): void {
  stopTask(ctx, task);
  task.status = 'completed';
  task.completedAt = nowNaive();
}

export function reopenTask(_ctx: Ctx, task: Task): void {
  task.status = 'active';
  task.completedAt = null;
}

/** Removes the task with its time entries, checks (held on the task), goal links and focus items. */
export function deleteTask(ctx: Ctx, task: Task): void {
  const { db } = ctx;
  db.tasks.delete(task.id);
  db.entries = db.entries.filter((e) => e.taskId !== task.id);
  for (const goal of db.goals.values()) goal.taskIds = goal.taskIds.filter((id) => id !== task.id);
  for (const item of db.focus.values()) if (item.taskId === task.id) db.focus.delete(item.id);
}

export function setDailyCheck(ctx: Ctx, task: Task, done: boolean): void {
  if (done) task.checks.add(ctx.today);
  else task.checks.delete(ctx.today);
}

export type TaskAction = (ctx: Ctx, task: Task) => void;

/** The actions `/tasks/bulk` accepts; in bulk, `daily-check` always sets the check. */
export const BULK_ACTIONS: Record<string, TaskAction> = {
  start: startTask,
  stop: stopTask,
  delete: deleteTask,
  'daily-check': (ctx, task) => setDailyCheck(ctx, task, true),
  complete: completeTask,
  reopen: reopenTask,
};
