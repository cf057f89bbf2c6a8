import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxService, startService } from '../http/service.js';
import type { SandboxOptions } from '../options.js';
import { createCoreRouter } from './index.js';

const options: SandboxOptions = {
  secret: 'core-test-secret-0123456789abcdef0123456789',
  accessCookieName: 'goalixa_access',
  refreshCookieName: 'goalixa_refresh',
  accessTtlSeconds: 900,
  refreshTtlSeconds: 604_800,
  cookieSecure: false,
  cookieSameSite: 'Lax',
  production: false,
  exposeTokens: true,
};

/** Just enough of each payload for the assertions to navigate it; values are checked by the assertions. */
type Row = { id: number; name: string; [key: string]: unknown };
type TasksBody = { tasks: Row[]; done_today_tasks: Row[]; completed_tasks: Row[] };
type ProjectsBody = { projects: (Row & { labels: unknown[] })[] };
type GoalsBody = { goals: (Row & { subgoals: Row[] })[] };
type HabitsBody = { today: string; habits: Row[]; habit_series: { labels: string[] } };
type DashboardBody = {
  today_date: string;
  week_days: unknown[];
  task_rows: { week_checks: boolean[]; total_seconds: unknown }[];
};
type FocusBody = { blocks: Record<string, Row[]>; summary: { total: number; completed: number } };

let core: SandboxService;

async function token(sub: number, type = 'access'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: `user${sub}@example.test`, type })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(sub))
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(options.secret));
}

/** A client for one user, authenticated by the access cookie (or a Bearer header when asked). */
function client(sub: number, via: 'cookie' | 'bearer' = 'cookie') {
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: Record<string, unknown>,
  ): Promise<{ status: number; body: T; headers: Headers }> => {
    const jwt = await token(sub);
    const auth: Record<string, string> =
      via === 'cookie' ? { cookie: `goalixa_access=${jwt}` } : { authorization: `Bearer ${jwt}` };
    const res = await fetch(`${core.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  };
}

const alice = client(101);
const bob = client(202, 'bearer');

beforeAll(async () => {
  core = await startService(createCoreRouter(options), 0);
});
afterAll(async () => {
  await core.close();
});

describe('identification', () => {
  it('answers /health without a token', async () => {
    const res = await fetch(`${core.url}/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('rejects a request without a token with 401 unauthorized', async () => {
    const res = await fetch(`${core.url}/api/tasks`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });

  it('rejects a refresh-type token with 401', async () => {
    const res = await fetch(`${core.url}/api/tasks`, {
      headers: { authorization: `Bearer ${await token(5, 'refresh')}` },
    });
    expect(res.status).toBe(401);
  });

  it('accepts the legacy goalixa_auth cookie', async () => {
    const res = await fetch(`${core.url}/api/tasks`, {
      headers: { cookie: `goalixa_auth=${await token(7)}` },
    });
    expect(res.status).toBe(200);
  });

  it('echoes X-Request-ID, or generates one', async () => {
    const res = await fetch(`${core.url}/api/tasks`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await alice('GET', '/tasks');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates a General project on first request', async () => {
    const res = await client(303)<ProjectsBody>('GET', '/projects');
    expect(res.body.projects.map((p) => p.name)).toEqual(['General']);
  });
});

describe('tasks', () => {
  it('creates, starts, stops, completes, reopens and deletes a task', async () => {
    let res = await alice<TasksBody>('POST', '/tasks', { name: 'Write spec', priority: 'urgent' });
    const task = res.body.tasks.find((t) => t.name === 'Write spec')!;
    expect(task).toMatchObject({
      priority: 'medium',
      project_name: 'General',
      is_running: false,
      total_seconds: 0,
    });
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/start`);
    expect(res.body.tasks.find((t) => t.id === task.id)!.is_running).toBe(true);
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/stop`);
    expect(res.body.tasks.find((t) => t.id === task.id)!.is_running).toBe(false);
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/complete`);
    expect(res.body.completed_tasks[0]).toMatchObject({ id: task.id, status: 'completed' });
    expect(res.body.completed_tasks[0].completed_at).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+$/);
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/reopen`);
    expect(res.body.tasks.find((t) => t.id === task.id)!).toMatchObject({
      status: 'active',
      completed_at: null,
    });
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/daily-check`);
    expect(res.body.done_today_tasks.map((t) => t.id)).toContain(task.id);
    res = await alice<TasksBody>('POST', `/tasks/${task.id}/delete`);
    expect(JSON.stringify(res.body)).not.toContain('Write spec');
  });

  it('ignores an empty name and still returns the payload', async () => {
    const res = await alice<TasksBody>('POST', '/tasks', { name: '  ' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['tasks', 'done_today_tasks', 'completed_tasks']);
  });

  it('applies a bulk action to owned ids given as CSV and rejects an unknown action with 400', async () => {
    await alice('POST', '/tasks', { name: 'B1' });
    const created = await alice<TasksBody>('POST', '/tasks', { name: 'B2' });
    const ids = created.body.tasks.filter((t) => t.name.startsWith('B')).map((t) => t.id);
    const res = await alice<TasksBody>('POST', '/tasks/bulk', {
      task_ids: `${ids.join(',')},x,-1`,
      action: 'complete',
    });
    expect(res.body.completed_tasks.map((t) => t.id)).toEqual(expect.arrayContaining(ids));
    const bad = await alice('POST', '/tasks/bulk', { task_ids: ids, action: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Invalid task action' });
  });

  it('answers a non-integer task id with a JSON 404', async () => {
    const res = await alice('POST', '/tasks/abc/start');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not found' });
  });

  it("keeps user B away from user A's task", async () => {
    const created = await alice<TasksBody>('POST', '/tasks', { name: 'Private' });
    const id = created.body.tasks.find((t) => t.name === 'Private')!.id;
    const seen = await bob<TasksBody>('GET', '/tasks');
    expect(JSON.stringify(seen.body)).not.toContain('Private');
    for (const action of ['start', 'complete', 'delete']) await bob('POST', `/tasks/${id}/${action}`);
    await bob('POST', '/tasks/bulk', { task_ids: [id], action: 'delete' });
    await bob('POST', `/tasks/${id}/edit`, { name: 'Hacked' });
    const after = await alice<TasksBody>('GET', '/tasks');
    expect(after.body.tasks.find((t) => t.id === id)!).toMatchObject({ name: 'Private', is_running: false });
  });
});

describe('projects, labels and goals', () => {
  it('creates a project, renames it through the /update alias, and rejects a duplicate with 409', async () => {
    const label = await alice<{ labels: Row[] }>('POST', '/labels', { name: 'Work', color: '#3B82F6' });
    const labelId = label.body.labels[0].id;
    let res = await alice<ProjectsBody>('POST', '/projects', { name: 'Launch', label_ids: [labelId] });
    const project = res.body.projects.find((p) => p.name === 'Launch')!;
    expect(project.labels).toEqual([{ id: labelId, name: 'Work', color: '#3B82F6' }]);
    res = await alice<ProjectsBody>('POST', `/projects/${project.id}/update`, { name: 'Launch v2' });
    expect(res.body.projects.find((p) => p.id === project.id)!).toMatchObject({
      name: 'Launch v2',
      labels: [],
    });
    expect((await alice('POST', '/projects', { name: 'General' })).status).toBe(409);
  });

  it('creates a goal only with a label, toggles a subgoal and recomputes the status', async () => {
    const skipped = await alice<GoalsBody>('POST', '/goals', { name: 'No label' });
    expect(skipped.status).toBe(200);
    expect(skipped.body.goals.some((g) => g.name === 'No label')).toBe(false);
    const labelId = (await alice<{ labels: Row[] }>('GET', '/labels')).body.labels[0].id;
    let res = await alice<GoalsBody>('POST', '/goals', {
      name: 'Ship',
      label_id: labelId,
      subgoals: 'one\ntwo',
    });
    const goal = res.body.goals.find((g) => g.name === 'Ship')!;
    expect(goal).toMatchObject({ subgoals_count: 2, subgoals_completed: 0, progress: 0, label_name: 'Work' });
    expect(res.body).toHaveProperty('weekly_range_label');
    for (const sub of goal.subgoals)
      res = await alice<GoalsBody>('POST', `/goals/subgoals/${sub.id}/toggle`, { done: true });
    expect(res.body.goals.find((g) => g.id === goal.id)!).toMatchObject({
      status: 'completed',
      progress: 100,
    });
    res = await alice<GoalsBody>('POST', `/goals/${goal.id}/subgoals`, { title: 'three' });
    expect(res.body.goals.find((g) => g.id === goal.id)!.subgoals_count).toBe(3);
    expect((await alice<{ goal: Row }>('GET', `/goals/${goal.id}`)).body.goal.id).toBe(goal.id);
    expect(await bob('GET', `/goals/${goal.id}`)).toMatchObject({
      status: 404,
      body: { error: 'Goal not found' },
    });
  });
});

describe('habits, todos and settings', () => {
  it('tracks a habit for today and untoggles it when done is missing', async () => {
    let res = await alice<HabitsBody>('POST', '/habits', { name: 'Read', time_of_day: 'Morning' });
    const habit = res.body.habits.find((h) => h.name === 'Read')!;
    res = await alice<HabitsBody>('POST', `/habits/${habit.id}/track`);
    expect(res.body.habits[0]).toMatchObject({ done: true, streak: 1 });
    expect(res.body.habit_series.labels).toHaveLength(14);
    res = await alice<HabitsBody>('POST', `/habits/${habit.id}/toggle`, { date: res.body.today });
    expect(res.body.habits[0].done).toBe(false);
  });

  it('lists today todos split into open and done', async () => {
    const created = await alice<{ todos: Row[] }>('POST', '/todos', { name: 'Call' });
    expect(created.body).toHaveProperty('habits_summary');
    await alice('POST', `/todos/${created.body.todos[0].id}/toggle`, { done: true });
    const res = await alice('GET', '/todos');
    expect(res.body).toEqual({ todos: [], done_todos: [expect.objectContaining({ name: 'Call' })] });
  });

  it('serves the profile through GET /settings/profile and stores an invalid timezone as UTC', async () => {
    await alice('POST', '/settings/profile', { full_name: 'Alice' });
    expect((await alice<{ profile: unknown }>('GET', '/settings/profile')).body.profile).toMatchObject({
      full_name: 'Alice',
      user_id: 101,
    });
    expect((await alice('POST', '/settings/timezone', { timezone: 'Mars/Base' })).body).toEqual({
      ok: true,
      timezone_name: 'UTC',
    });
  });
});

describe('reports and timer', () => {
  it('returns the zeroed summary without a range and per-day rows with one', async () => {
    const zeroed = await alice('GET', '/reports/summary');
    expect(zeroed.body).toMatchObject({ summary: [], total_seconds: 0, top_project: null, entities: {} });
    const ranged = await alice<{ summary: unknown[]; entities: object }>(
      'GET',
      '/reports/summary?start=2026-03-02&end=2026-03-08&group=labels',
    );
    expect(ranged.body.summary).toHaveLength(7);
    expect(ranged.body.summary[0]).toEqual({ date: '2026-03-02', label: '02 Mar', seconds: 0, percent: 0 });
    expect(Object.keys(ranged.body.entities)).toEqual(['goals', 'habits', 'projects', 'tasks']);
  });

  it('returns the timer dashboard with the last 7 days by default', async () => {
    const res = await alice<DashboardBody>('GET', '/timer/dashboard');
    expect(res.body).toMatchObject({ timer_range_end: res.body.today_date, week_days: expect.any(Array) });
    expect(res.body.week_days).toHaveLength(7);
    expect(res.body.task_rows[0].week_checks).toHaveLength(7);
    expect(typeof res.body.task_rows[0].total_seconds).toBe('number');
    expect((await alice('GET', '/timer/entries')).body).toEqual({ events: [] });
    expect((await alice('GET', '/calendar/board')).body).toHaveProperty('habit_rows');
  });
});

describe('daily focus', () => {
  it('adds, toggles completion, reorders and deletes items, always answering with the day', async () => {
    const tasks = (await alice<TasksBody>('POST', '/tasks', { name: 'Focus me' })).body.tasks;
    const taskId = tasks.find((t) => t.name === 'Focus me')!.id;
    const date = '2026-03-05';
    let res = await alice<FocusBody>('POST', '/daily-focus', {
      date,
      task_ids: [taskId],
      time_block: 'morning',
    });
    const item = res.body.blocks.morning[0];
    expect(item).toMatchObject({ task_id: taskId, task_name: 'Focus me', is_completed: false });
    res = await alice<FocusBody>('POST', `/daily-focus/${item.id}/complete`);
    expect(res.body.summary).toEqual({ total: 1, completed: 1, remaining: 0 });
    res = await alice<FocusBody>('POST', `/daily-focus/${item.id}/complete`);
    expect(res.body.summary.completed).toBe(0);
    res = await alice<FocusBody>('PUT', '/daily-focus/reorder', {
      date,
      items: [{ id: item.id, time_block: 'evening', position: 0 }],
    });
    expect(res.body.blocks.evening.map((i) => i.id)).toEqual([item.id]);
    expect((await bob<FocusBody>('DELETE', `/daily-focus/${item.id}`)).body.summary.total).toBe(0);
    res = await alice<FocusBody>('DELETE', `/daily-focus/${item.id}`);
    expect(res.body.summary.total).toBe(0);
    expect((await alice<FocusBody>('GET', `/daily-focus?date=${date}`)).body.blocks).toEqual({
      morning: [],
      afternoon: [],
      evening: [],
      unscheduled: [],
    });
  });
});
