import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type RouteSpec } from '../proxy/routes/table.js';
import { eventually } from './harness/eventually.js';
import { buildWorld, GatewayClient, password, type World } from './harness/goalixa-world.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';

type Payload = (world: World) => unknown;

/** What a route needs beyond its path; anything not listed is called without a body. */
const bodies: Record<string, Payload> = {
  'POST /auth/login': (w) => ({ email: w.email, password }),
  'POST /auth/register': () => ({ email: `e2e-${Date.now()}-${Math.random()}@example.com`, password }),
  'POST /auth/forgot': (w) => ({ email: w.bystanderEmail }),
  'POST /auth/password-reset/request': (w) => ({ email: w.bystanderEmail }),
  'POST /auth/reset': (w) => ({ token: w.resetTokens[0], password: `${password}-1` }),
  'POST /auth/password-reset/confirm': (w) => ({ token: w.resetTokens[1], password: `${password}-2` }),
  'POST /auth/verify-email': (w) => ({ token: w.verificationToken }),
  'POST /auth/resend-verification': (w) => ({ email: w.bystanderEmail }),
  'POST /app/tasks': () => ({ name: 'another task', priority: 'high' }),
  'POST /app/tasks/bulk': (w) => ({ task_ids: [w.ids.taskId], action: 'daily-check' }),
  'POST /app/tasks/:taskId/edit': (w) => ({ name: 'renamed task', project_id: w.ids.projectId }),
  'POST /app/daily-target': () => ({ target_seconds: 3600 }),
  'POST /app/projects': () => ({ name: 'another project', label_ids: [], goal_ids: [] }),
  'POST /app/projects/:projectId/update': () => ({ name: 'updated project', label_ids: [], goal_ids: [] }),
  'POST /app/projects/:projectId/edit': () => ({ name: 'edited project' }),
  'POST /app/goals': (w) => ({ name: 'another goal', label_id: w.ids.labelId, status: 'active' }),
  'POST /app/goals/:goalId/edit': (w) => ({ name: 'edited goal', label_id: w.ids.labelId }),
  'POST /app/goals/:goalId/subgoals': () => ({ title: 'another subgoal' }),
  'POST /app/goals/subgoals/:subgoalId/toggle': () => ({ done: true }),
  'POST /app/weekly-goals': (w) => ({ title: 'another weekly', target_hours: 1, label_id: w.ids.labelId }),
  'POST /app/weekly-goals/:weeklyGoalId/toggle': () => ({ status: 'done' }),
  'POST /app/habits': () => ({ name: 'another habit', frequency: 'daily' }),
  'POST /app/habits/:habitId/toggle': (w) => ({ done: true, date: w.today }),
  'POST /app/habits/:habitId/update': () => ({ name: 'updated habit' }),
  'POST /app/todos': () => ({ name: 'another todo' }),
  'POST /app/todos/:todoId/toggle': () => ({ done: true }),
  'POST /app/reminders': (w) => ({ title: 'another reminder', remind_date: w.today, remind_time: '10:00' }),
  'POST /app/reminders/:reminderId/update': (w) => ({ title: 'updated', remind_date: w.today }),
  'POST /app/reminders/:reminderId/toggle': () => ({ is_active: false }),
  'POST /app/labels': () => ({ name: 'another label', color: '#00aa00' }),
  'POST /app/labels/:labelId/edit': () => ({ name: 'edited label', color: '#aa0000' }),
  'POST /app/settings/profile': () => ({ full_name: 'E2E User', phone: '', bio: '' }),
  'POST /app/settings/timezone': () => ({ timezone: 'Europe/Berlin' }),
  'POST /app/settings/notifications': () => ({
    notifications_enabled: true,
    notifications_interval_minutes: 30,
  }),
  'POST /app/daily-focus': (w) => ({ task_ids: [w.ids.taskId], time_block: 'morning' }),
  'PUT /app/daily-focus/reorder': (w) => ({
    items: [{ id: w.ids.itemId, time_block: 'evening', position: 0 }],
  }),
  'PUT /app/daily-focus/:itemId': () => ({ time_block: 'afternoon' }),
};

const queries: Record<string, Payload> = {
  'GET /app/reports/summary': (w) => `?start=${w.today}&end=${w.today}`,
  'GET /app/daily-focus': (w) => `?date=${w.today}`,
  'GET /app/timer/entries': (w) => `?start=${w.today}&end=${w.today}`,
};

/** Routes that log a different user in: called from a client of their own, or the jar would switch users. */
const ownSession = new Set(['POST /auth/register']);

/** Routes that end the caller's session run last, in this order; data deletions just before them. */
const sessionEnding = [
  'POST /auth/sessions/:sessionId/revoke',
  'POST /auth/sessions/revoke-all',
  'POST /auth/logout',
];

const keyOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;

function rank(spec: RouteSpec): number {
  const ending = sessionEnding.indexOf(keyOf(spec));
  if (ending >= 0) return 2 + ending;
  return spec.method === 'DELETE' || spec.path.endsWith('/delete') ? 1 : 0;
}

/** The whole table, in an order where every call still has its records and session. */
const orderedRoutes = [...apiRoutes].sort((a, b) => rank(a) - rank(b));

function concretePath(spec: RouteSpec, world: World): string {
  const path = spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const id = world.ids[name];
    if (id === undefined) throw new Error(`no fixture id for :${name}; add one in buildWorld`);
    return String(id);
  });
  return path + String(queries[keyOf(spec)]?.(world) ?? '');
}

let sandbox: SandboxProcess;
let proxy: ProxyProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ SANDBOX_GOOGLE_OAUTH: '1' });
  proxy = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    // One client makes a few hundred calls here; the limiter has its own tests.
    RATE_LIMIT_ENABLED: 'false',
  });
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.stop();
});

describe.each([
  ['/bff', '/bff'],
  ['no', ''],
])('every route of the table under the %s prefix, as a logged-in user', (_label, prefix) => {
  let world: World;

  let secrets: string[];

  beforeAll(async () => {
    world = await buildWorld(proxy.url, prefix);
    secrets = [password, ...world.client.jar.values(), world.verificationToken, ...world.resetTokens];
  });

  it.each(orderedRoutes.map((spec) => [keyOf(spec), spec] as const))('%s succeeds', async (_key, spec) => {
    const path = concretePath(spec, world);
    const client = ownSession.has(keyOf(spec)) ? new GatewayClient(proxy.url, prefix) : world.client;
    const response = await client.call(spec.method, path, bodies[keyOf(spec)]?.(world));
    const summary = `${spec.method} ${prefix}${path} → ${response.status} ${response.text.slice(0, 200)}`;
    expect(response.status, summary).toBeGreaterThanOrEqual(200);
    expect(response.status, summary).toBeLessThan(400);
  });

  it('logs one JSON line per request and never a token, cookie or password', async () => {
    const requestLines = () =>
      proxy
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.requestId);
    // Access lines are written in batches, at most ~100 ms after their request.
    await eventually(async () => requestLines().length >= orderedRoutes.length, 2_000);
    for (const secret of secrets) expect(proxy.output()).not.toContain(secret);
    expect(proxy.output()).not.toMatch(/goalixa_(access|refresh)=/);
  });
});
