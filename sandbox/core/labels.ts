import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { toText } from './input.js';
import { duplicateName } from './projects.js';
import { findByName } from './store.js';
import { nowNaive } from './time.js';
import { labelsList } from './views.js';

const labelsPayload = (ctx: Ctx) => ({ labels: labelsList(ctx.db) });

/** Both `name` and `color` are required; without them nothing happens (CONTRACT §7.2.5). */
function readLabel(ctx: Ctx): { name: string; color: string } | null {
  const name = toText(ctx.body.name);
  const color = toText(ctx.body.color);
  return name && color ? { name, color } : null;
}

function createLabel(ctx: Ctx): SandboxResponse {
  const input = readLabel(ctx);
  if (!input) return ok(labelsPayload(ctx));
  if (findByName(ctx.db.labels, input.name)) return duplicateName;
  const id = ctx.store.nextId();
  ctx.db.labels.set(id, { id, ...input, createdAt: nowNaive() });
  return ok(labelsPayload(ctx));
}

function editLabel(ctx: Ctx): SandboxResponse {
  const label = ctx.db.labels.get(Number(ctx.req.params.id));
  const input = readLabel(ctx);
  if (!label || !input) return ok(labelsPayload(ctx));
  const clash = findByName(ctx.db.labels, input.name);
  if (clash && clash.id !== label.id) return duplicateName;
  Object.assign(label, input);
  return ok(labelsPayload(ctx));
}

/** A deleted label also disappears from goals, weekly goals, tasks and projects. */
function deleteLabel(ctx: Ctx): SandboxResponse {
  const id = Number(ctx.req.params.id);
  const { db } = ctx;
  if (db.labels.delete(id)) {
    for (const goal of db.goals.values()) if (goal.labelId === id) goal.labelId = null;
    for (const weekly of db.weeklyGoals.values()) if (weekly.labelId === id) weekly.labelId = null;
    for (const task of db.tasks.values()) task.labelIds = task.labelIds.filter((l) => l !== id);
    for (const project of db.projects.values()) project.labelIds = project.labelIds.filter((l) => l !== id);
  }
  return ok(labelsPayload(ctx));
}

export function registerLabels(on: Register): void {
  on('GET', '/labels', (ctx) => ok(labelsPayload(ctx)));
  on('POST', '/labels', createLabel);
  on('POST', '/labels/:id/edit', editLabel);
  on('POST', '/labels/:id/delete', deleteLabel);
}
