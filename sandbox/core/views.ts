import type { Label, Project, Task, UserData } from './store.js';
import { taskStats } from './tracking.js';

/** `{id,name,color}`, the label reference nested in tasks, projects and goals. */
export function labelRef(
  db: UserData,
  id: number | null,
): { id: number; name: string; color: string } | null {
  const label = id === null ? undefined : db.labels.get(id);
  return label ? { id: label.id, name: label.name, color: label.color } : null;
}

export function labelRefs(db: UserData, ids: number[]): { id: number; name: string; color: string }[] {
  return ids.map((id) => labelRef(db, id)).filter((l) => l !== null);
}

export function labelView(label: Label): Record<string, unknown> {
  return { id: label.id, name: label.name, color: label.color, created_at: label.createdAt };
}

/** Project "full form" used inside other payloads (CONTRACT §7.2.4). */
export function projectFull(db: UserData, project: Project): Record<string, unknown> {
  const labels = labelRefs(db, project.labelIds);
  return {
    id: project.id,
    name: project.name,
    created_at: project.createdAt,
    labels,
    label_ids: labels.map((l) => l.id),
  };
}

export function projectsFull(db: UserData): Record<string, unknown>[] {
  return [...db.projects.values()].sort((a, b) => a.id - b.id).map((p) => projectFull(db, p));
}

export function labelsList(db: UserData): Record<string, unknown>[] {
  return [...db.labels.values()].sort((a, b) => b.id - a.id).map(labelView);
}

function goalsOfTask(db: UserData, taskId: number): { id: number; name: string }[] {
  return [...db.goals.values()]
    .filter((g) => g.taskIds.includes(taskId))
    .map((g) => ({ id: g.id, name: g.name }));
}

/** Fields shared by the serialised and the raw task forms. */
function taskBase(db: UserData, task: Task, today: string): Record<string, unknown> {
  const goals = goalsOfTask(db, task.id);
  return {
    id: task.id,
    name: task.name,
    project_id: task.projectId,
    project_name: task.projectId === null ? null : (db.projects.get(task.projectId)?.name ?? null),
    labels: labelRefs(db, task.labelIds),
    goal_id: goals[0]?.id ?? null,
    goal_name: goals[0]?.name ?? null,
    goals,
    status: task.status,
    checked_today: task.checks.has(today),
    daily_checks: task.checks.size,
    completed_at: task.completedAt,
    priority: task.priority,
  };
}

/** The Task form of TasksPayload: integer seconds and a boolean `is_running`. */
export function serializeTask(db: UserData, task: Task, tz: string, today: string): Record<string, unknown> {
  const stats = taskStats(db, task, tz, today);
  return {
    ...taskBase(db, task, today),
    total_seconds: stats.total,
    rolling_24h_seconds: stats.rolling24h,
    today_seconds: stats.today,
    is_running: stats.running,
  };
}

/**
 * The "raw" task row (task_rows, GoalsPayload.tasks). Real Core leaks Postgres decimals here as
 * strings like "1234.000000"; the sandbox deliberately sends plain numbers instead (the PWA wraps
 * them in Number(...) anyway, CONTRACT §7.2.6). `is_running` stays 0/1 as in Core.
 */
export function rawTask(db: UserData, task: Task, tz: string, today: string): Record<string, unknown> {
  const stats = taskStats(db, task, tz, today);
  return {
    ...taskBase(db, task, today),
    user_id: db.id,
    created_at: task.createdAt,
    total_seconds: stats.total,
    rolling_24h_seconds: stats.rolling24h,
    today_seconds: stats.today,
    is_running: stats.running ? 1 : 0,
  };
}

/** Tasks ordered by creation, newest first. */
export function tasksNewestFirst(db: UserData): Task[] {
  return [...db.tasks.values()].sort((a, b) => b.id - a.id);
}
