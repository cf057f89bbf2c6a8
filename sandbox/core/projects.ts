import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { toIdList, toPositiveInt, toText } from './input.js';
import { findByName, type Project } from './store.js';
import { deleteTask } from './task-actions.js';
import { nowNaive } from './time.js';
import { labelRefs } from './views.js';

/**
 * A duplicate name is a unique-constraint violation in Core (an HTML 500). The sandbox answers a
 * clear JSON 409 instead, so the gateway does not count a client mistake as an upstream failure.
 */
export const duplicateName: SandboxResponse = { status: 409, body: { error: 'name already exists' } };

function projectsPayload(ctx: Ctx): Record<string, unknown> {
  const projects = [...ctx.db.projects.values()]
    .sort((a, b) => a.id - b.id)
    .map((p) => ({ id: p.id, name: p.name, labels: labelRefs(ctx.db, p.labelIds) }));
  return { projects };
}

const ownedLabels = (ctx: Ctx, value: unknown): number[] =>
  toIdList(value).filter((id) => ctx.db.labels.has(id));

function createProject(ctx: Ctx): SandboxResponse {
  const name = toText(ctx.body.name);
  if (!name) return ok(projectsPayload(ctx));
  if (findByName(ctx.db.projects, name)) return duplicateName;
  const project: Project = {
    id: ctx.store.nextId(),
    name,
    createdAt: nowNaive(),
    labelIds: ownedLabels(ctx, ctx.body.label_ids),
  };
  ctx.db.projects.set(project.id, project);
  return ok(projectsPayload(ctx));
}

/** `/edit` and its alias `/update`: a missing `label_ids` clears every label, as in Core. */
function editProject(ctx: Ctx): SandboxResponse {
  const project = ctx.db.projects.get(Number(ctx.req.params.id));
  if (!project) return ok(projectsPayload(ctx));
  const name = toText(ctx.body.name);
  const clash = name ? findByName(ctx.db.projects, name) : undefined;
  if (clash && clash.id !== project.id) return duplicateName;
  if (name) project.name = name;
  project.labelIds = ownedLabels(ctx, ctx.body.label_ids);
  return ok(projectsPayload(ctx));
}

function addProjectLabel(ctx: Ctx): SandboxResponse {
  const project = ctx.db.projects.get(Number(ctx.req.params.id));
  const labelId = toPositiveInt(ctx.body.label_id);
  if (project && labelId !== null && ctx.db.labels.has(labelId) && !project.labelIds.includes(labelId)) {
    project.labelIds.push(labelId);
  }
  return ok(projectsPayload(ctx));
}

/** Deleting a project deletes every task in it, with their time entries. */
function deleteProject(ctx: Ctx): SandboxResponse {
  const project = ctx.db.projects.get(Number(ctx.req.params.id));
  if (project) {
    for (const task of [...ctx.db.tasks.values()]) if (task.projectId === project.id) deleteTask(ctx, task);
    ctx.db.projects.delete(project.id);
    for (const goal of ctx.db.goals.values())
      goal.projectIds = goal.projectIds.filter((id) => id !== project.id);
  }
  return ok(projectsPayload(ctx));
}

export function registerProjects(on: Register): void {
  on('GET', '/projects', (ctx) => ok(projectsPayload(ctx)));
  on('POST', '/projects', createProject);
  on('POST', '/projects/:id/edit', editProject);
  // Not in the Core snapshot; the BFF calls it (CONTRACT §1.4, C5), so it is an alias of /edit.
  on('POST', '/projects/:id/update', editProject);
  on('POST', '/projects/:id/labels', addProjectLabel);
  on('POST', '/projects/:id/delete', deleteProject);
}
