import { randomUUID } from 'node:crypto';
import { headerLines, sendVerbatim, type VerbatimResponse } from './verbatim.js';

export const password = 'Passw0rd!strong';

/** Cookies as a browser keeps them: every `Set-Cookie` answer updates the jar, expiry removes. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  apply(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  values(): string[] {
    return [...this.#cookies.values()];
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A client of the gateway under one path prefix (`/bff` or none), with its own cookie jar. */
export class GatewayClient {
  readonly jar = new CookieJar();

  constructor(
    readonly baseUrl: string,
    readonly prefix: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<VerbatimResponse> {
    const response = await sendVerbatim(this.baseUrl, {
      method,
      path: `${this.prefix}${path}`,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(this.jar.header() ? { cookie: this.jar.header() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.jar.apply(headerLines(response.rawHeaders, 'set-cookie'));
    return response;
  }

  /** A call that must succeed, for building fixtures. */
  async ok(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await this.call(method, path, body);
    if (response.status !== 200)
      throw new Error(`${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
    return response.json as Record<string, unknown>;
  }
}

/** The id of the first object anywhere in `value` that has a field equal to `marker`. */
export function idOf(value: unknown, marker: string): number {
  const found = findId(value, marker);
  if (found === undefined) throw new Error(`no object marked ${marker} in ${JSON.stringify(value)}`);
  return found;
}

function findId(value: unknown, marker: string): number | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findId(item, marker);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'number' && Object.values(record).includes(marker)) return record.id;
  return findId(Object.values(record), marker);
}

/** Everything the route calls need: a logged-in user, their records, and one-time tokens. */
export interface World {
  client: GatewayClient;
  email: string;
  verificationToken: string;
  /** An unverified second user, target of the recovery flows so they cannot end the main session. */
  bystanderEmail: string;
  resetTokens: string[];
  /** Record ids by route parameter name (`taskId`, `labelId`…). */
  ids: Record<string, number>;
  today: string;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export async function buildWorld(baseUrl: string, prefix: string): Promise<World> {
  const client = new GatewayClient(baseUrl, prefix);
  const mark = (kind: string) => `e2e ${kind} ${randomUUID().slice(0, 8)}`;
  const email = `${mark('user').replaceAll(' ', '-')}@example.com`;
  const registered = await client.ok('POST', '/auth/register', { email, password });

  const bystander = new GatewayClient(baseUrl, prefix);
  const bystanderEmail = `${mark('bystander').replaceAll(' ', '-')}@example.com`;
  await bystander.ok('POST', '/auth/register', { email: bystanderEmail, password });
  const resetTokens = await Promise.all(
    [1, 2].map(async () =>
      String((await bystander.ok('POST', '/auth/forgot', { email: bystanderEmail })).reset_token),
    ),
  );

  // A second session of the same user, for the revoke-one-session route.
  await new GatewayClient(baseUrl, prefix).ok('POST', '/auth/login', { email, password });
  const { sessions } = (await client.ok('GET', '/auth/sessions')) as {
    sessions: { id: number; is_current: boolean }[];
  };
  const otherSession = Math.max(...sessions.filter((s) => !s.is_current).map((s) => s.id));

  const names = Object.fromEntries(
    ['label', 'project', 'task', 'goal', 'subgoal', 'weekly', 'habit', 'todo', 'reminder'].map((k) => [
      k,
      mark(k),
    ]),
  );
  const today = new Date();
  const monday = new Date(today);
  monday.setUTCDate(today.getUTCDate() - ((today.getUTCDay() + 6) % 7));
  const sunday = new Date(monday);
  sunday.setUTCDate(monday.getUTCDate() + 6);

  const labelId = idOf(
    await client.ok('POST', '/app/labels', { name: names.label, color: '#3366ff' }),
    names.label,
  );
  const projectId = idOf(
    await client.ok('POST', '/app/projects', { name: names.project, label_ids: [labelId], goal_ids: [] }),
    names.project,
  );
  const taskId = idOf(
    await client.ok('POST', '/app/tasks', { name: names.task, project_id: projectId, label_ids: [labelId] }),
    names.task,
  );
  const goalId = idOf(
    await client.ok('POST', '/app/goals', { name: names.goal, label_id: labelId, status: 'active' }),
    names.goal,
  );
  const subgoalId = idOf(
    await client.ok('POST', `/app/goals/${goalId}/subgoals`, { title: names.subgoal }),
    names.subgoal,
  );
  const weeklyGoalId = idOf(
    await client.ok('POST', '/app/weekly-goals', {
      title: names.weekly,
      target_hours: 3,
      week_start: isoDate(monday),
      week_end: isoDate(sunday),
      label_id: labelId,
    }),
    names.weekly,
  );
  const habitId = idOf(await client.ok('POST', '/app/habits', { name: names.habit }), names.habit);
  const todoId = idOf(await client.ok('POST', '/app/todos', { name: names.todo }), names.todo);
  const reminderId = idOf(
    await client.ok('POST', '/app/reminders', {
      title: names.reminder,
      remind_date: isoDate(today),
      remind_time: '09:00',
      is_active: true,
    }),
    names.reminder,
  );
  const itemId = idOf(await client.ok('POST', '/app/daily-focus', { task_ids: [taskId] }), names.task);

  return {
    client,
    email,
    verificationToken: String(registered.verification_token),
    bystanderEmail,
    resetTokens,
    today: isoDate(today),
    ids: {
      sessionId: otherSession,
      labelId,
      projectId,
      taskId,
      goalId,
      subgoalId,
      weeklyGoalId,
      habitId,
      todoId,
      reminderId,
      itemId,
    },
  };
}
