import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreUnderTest, type ProjectsBody, type TasksBody, token } from './test-support.js';

const core = new CoreUnderTest();
const alice = core.client(101);
const bob = core.client(202, 'bearer');

beforeAll(() => core.start());
afterAll(() => core.close());

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
    const res = await core.client(303)<ProjectsBody>('GET', '/projects');
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
