import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CoreUnderTest,
  type DashboardBody,
  type FocusBody,
  type GoalsBody,
  type HabitsBody,
  type ProjectsBody,
  type Row,
  type TasksBody,
} from './test-support.js';

const core = new CoreUnderTest();
const alice = core.client(101);
const bob = core.client(202, 'bearer');

beforeAll(() => core.start());
afterAll(() => core.close());

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
    await alice('POST', '/tasks', { name: 'tracked this week' });
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
