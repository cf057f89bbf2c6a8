import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { entityCounts } from './report-entities.js';
import type { Task } from './store.js';
import { addDays, dayMonth, daysBetween, isIsoDate, localMidnight } from './time.js';
import { clippedSeconds, isRunning, mergedSeconds, taskEntries } from './tracking.js';
import { labelRefs } from './views.js';

/** Core's answer when `start` or `end` is missing or invalid (CONTRACT §7.2.4). */
const ZEROED = {
  summary: [],
  distribution: [],
  total_seconds: 0,
  avg_daily_hours: 0,
  project_totals: [],
  active_projects: 0,
  top_project: null,
  entities: {},
};

interface Range {
  start: string;
  end: string;
  from: number;
  to: number;
}

function taskSecondsIn(ctx: Ctx, task: Task, range: Range): number {
  const now = Date.now();
  return Math.floor(
    taskEntries(ctx.db, task.id).reduce((s, e) => s + clippedSeconds(e, range.from, range.to, now), 0),
  );
}

/** Per-day totals with overlapping entries merged, and each day's share of the busiest day. */
function dailySummary(
  ctx: Ctx,
  range: Range,
): { date: string; label: string; seconds: number; percent: number }[] {
  const days = Array.from({ length: daysBetween(range.start, range.end) + 1 }, (_, i) =>
    addDays(range.start, i),
  );
  const seconds = days.map((d) =>
    mergedSeconds(
      ctx.db.entries,
      localMidnight(ctx.tz, d).getTime(),
      localMidnight(ctx.tz, addDays(d, 1)).getTime(),
    ),
  );
  const busiest = Math.max(0, ...seconds);
  return days.map((date, i) => ({
    date,
    label: dayMonth(date),
    seconds: seconds[i],
    percent: busiest ? Math.round((seconds[i] / busiest) * 100) : 0,
  }));
}

/** The keys a task's time is attributed to under each `group`; labels split nothing, a task counts once per label. */
function groupKeys(ctx: Ctx, task: Task, group: string): string[] {
  if (group === 'tasks') return [task.name || 'Unnamed Task'];
  if (group === 'labels') {
    const names = labelRefs(ctx.db, task.labelIds).map((l) => l.name);
    return names.length ? names : ['Unlabeled'];
  }
  const project = task.projectId === null ? undefined : ctx.db.projects.get(task.projectId);
  return [project?.name ?? 'Unassigned'];
}

function distribution(ctx: Ctx, group: string, perTask: Map<number, number>) {
  const totals = new Map<string, number>();
  for (const [taskId, seconds] of perTask) {
    const task = ctx.db.tasks.get(taskId);
    if (!task || seconds <= 0) continue;
    for (const key of groupKeys(ctx, task, group)) totals.set(key, (totals.get(key) ?? 0) + seconds);
  }
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([label, seconds]) => ({
      label,
      seconds,
      percent: sum ? Math.round((seconds / sum) * 1000) / 10 : 0,
    }));
}

function projectTotals(ctx: Ctx, perTask: Map<number, number>) {
  const rows = [...ctx.db.projects.values()].map((project) => {
    const tasks = [...ctx.db.tasks.values()]
      .filter((t) => t.projectId === project.id && (perTask.get(t.id) ?? 0) > 0)
      .map((t) => ({
        id: t.id,
        name: t.name,
        total_seconds: perTask.get(t.id) ?? 0,
        labels: labelRefs(ctx.db, t.labelIds),
        is_running: isRunning(ctx.db, t.id),
      }));
    return { name: project.name, total_seconds: tasks.reduce((s, t) => s + t.total_seconds, 0), tasks };
  });
  return rows.filter((r) => r.total_seconds > 0).sort((a, b) => b.total_seconds - a.total_seconds);
}

function summary(ctx: Ctx): SandboxResponse {
  let start = ctx.req.query.get('start');
  let end = ctx.req.query.get('end');
  if (!isIsoDate(start) || !isIsoDate(end)) return ok(ZEROED);
  if (start > end) [start, end] = [end, start];
  const range: Range = {
    start,
    end,
    from: localMidnight(ctx.tz, start).getTime(),
    to: localMidnight(ctx.tz, addDays(end, 1)).getTime(),
  };
  const perTask = new Map([...ctx.db.tasks.values()].map((t) => [t.id, taskSecondsIn(ctx, t, range)]));
  const days = dailySummary(ctx, range);
  const total = days.reduce((s, d) => s + d.seconds, 0);
  const projects = projectTotals(ctx, perTask);
  return ok({
    summary: days,
    distribution: distribution(ctx, ctx.req.query.get('group') ?? 'projects', perTask),
    total_seconds: total,
    avg_daily_hours: Math.round((total / 3600 / days.length) * 100) / 100,
    project_totals: projects,
    active_projects: projects.length,
    top_project: projects[0] ?? null,
    entities: entityCounts(ctx, range.start, range.end),
  });
}

export function registerReports(on: Register): void {
  on('GET', '/reports/summary', summary);
}
