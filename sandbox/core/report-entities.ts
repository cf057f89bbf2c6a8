import type { Ctx } from './context.js';
import { daysBetween } from './time.js';

/** True when a naive UTC timestamp's date falls inside the inclusive local-date range (approximated by its UTC date). */
const within = (stamp: string | null, start: string, end: string): boolean =>
  stamp !== null && stamp.slice(0, 10) >= start && stamp.slice(0, 10) <= end;

/** The `entities` block of ReportsSummary: what was created, completed or logged in the range. */
export function entityCounts(ctx: Ctx, start: string, end: string): Record<string, Record<string, number>> {
  const { db } = ctx;
  const goals = [...db.goals.values()];
  const habits = [...db.habits.values()];
  const tasks = [...db.tasks.values()];
  const logs = habits.flatMap((h) => [...h.logs].filter((d) => d >= start && d <= end));
  const activeDays = new Set(logs).size;
  const days = daysBetween(start, end) + 1;
  return {
    goals: {
      created: goals.filter((g) => within(g.createdAt, start, end)).length,
      active: goals.filter((g) => g.status === 'active' || g.status === 'at_risk').length,
      completed: goals.filter((g) => g.status === 'completed').length,
      due: goals.filter((g) => g.targetDate !== null && g.targetDate >= start && g.targetDate <= end).length,
    },
    habits: {
      created: habits.filter((h) => within(h.createdAt, start, end)).length,
      total: habits.length,
      active: habits.filter((h) => [...h.logs].some((d) => d >= start && d <= end)).length,
      logs: logs.length,
      active_days: activeDays,
      avg_per_day: Math.round((logs.length / days) * 100) / 100,
    },
    projects: {
      created: [...db.projects.values()].filter((p) => within(p.createdAt, start, end)).length,
      active: new Set(tasks.filter((t) => t.status === 'active').map((t) => t.projectId)).size,
    },
    tasks: {
      created: tasks.filter((t) => within(t.createdAt, start, end)).length,
      completed: tasks.filter((t) => within(t.completedAt, start, end)).length,
      active: tasks.filter((t) => t.status === 'active').length,
    },
  };
}
