import { SignJWT } from 'jose';
import { type SandboxService, startService } from '../http/service.js';
import { type SandboxOptions, sandboxOptionsFromEnv } from '../options.js';
import { createCoreRouter } from './index.js';

/** A sandbox Core-API per test file, and clients that act as one user each. */

export const options: SandboxOptions = sandboxOptionsFromEnv({
  AUTH_JWT_SECRET: 'core-test-secret-0123456789abcdef0123456789',
  SANDBOX_EXPOSE_TOKENS: '1',
  SANDBOX_SEED_USER: '0',
});

/** Just enough of each payload for the assertions to navigate it; values are checked by the assertions. */
export type Row = { id: number; name: string; [key: string]: unknown };
export type TasksBody = { tasks: Row[]; done_today_tasks: Row[]; completed_tasks: Row[] };
export type ProjectsBody = { projects: (Row & { labels: unknown[] })[] };
export type GoalsBody = { goals: (Row & { subgoals: Row[] })[] };
export type HabitsBody = { today: string; habits: Row[]; habit_series: { labels: string[] } };
export type DashboardBody = {
  today_date: string;
  week_days: unknown[];
  task_rows: { week_checks: boolean[]; total_seconds: unknown }[];
};
export type FocusBody = { blocks: Record<string, Row[]>; summary: { total: number; completed: number } };

export async function token(sub: number, type = 'access'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: `user${sub}@example.test`, type })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(sub))
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(options.secret));
}

export class CoreUnderTest {
  #service: SandboxService | undefined;

  get url(): string {
    if (!this.#service) throw new Error('the Core sandbox is not started');
    return this.#service.url;
  }

  async start(): Promise<void> {
    this.#service = await startService(createCoreRouter(options), 0);
  }

  async close(): Promise<void> {
    await this.#service?.close();
  }

  /** A client for one user, authenticated by the access cookie (or a Bearer header when asked). */
  client(sub: number, via: 'cookie' | 'bearer' = 'cookie') {
    return async <T = Record<string, unknown>>(
      method: string,
      path: string,
      body?: Record<string, unknown>,
    ): Promise<{ status: number; body: T; headers: Headers }> => {
      const jwt = await token(sub);
      const auth: Record<string, string> =
        via === 'cookie' ? { cookie: `goalixa_access=${jwt}` } : { authorization: `Bearer ${jwt}` };
      const res = await fetch(`${this.url}/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...auth },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as T, headers: res.headers };
    };
  }
}
