import { randomUUID } from 'node:crypto';
import type { Router, SandboxRequest, SandboxResponse } from '../http/router.js';
import type { SandboxOptions } from '../options.js';
import { identify } from './identify.js';
import { type CoreStore, findByName, type UserData } from './store.js';
import { addDays, fromNaive, isValidTimeZone, localDate, localMidnight, toNaive } from './time.js';

/** Everything a Core route needs: the caller's tables and their local calendar. */
export interface Ctx {
  req: SandboxRequest;
  body: Record<string, unknown>;
  db: UserData;
  store: CoreStore;
  tz: string;
  today: string;
}

export type CoreHandler = (ctx: Ctx) => SandboxResponse;
export type Register = (method: string, path: string, handler: CoreHandler) => void;

export const ok = (body: unknown): SandboxResponse => ({ status: 200, body });
export const notFound: SandboxResponse = { status: 404, body: { error: 'not found' } };
const unauthorized: SandboxResponse = { status: 401, body: { error: 'unauthorized' } };
const conflict: SandboxResponse = {
  status: 409,
  body: { success: false, error: 'Email already registered.' },
};

/** Timers are stopped after 25 minutes (CONTRACT §7.2.2). */
export const MAX_TIMER_SECONDS = 1500;

export function userTimeZone(db: UserData): string {
  const tz = db.settings.get('timezone') ?? 'UTC';
  return isValidTimeZone(tz) ? tz : 'UTC';
}

/** Core's `ensure_user_setup`: a "General" project exists and owns every task without a project. */
function ensureSetup(ctx: Ctx): void {
  const { db, store } = ctx;
  let general = findByName(db.projects, 'General');
  if (!general) {
    general = { id: store.nextId(), name: 'General', createdAt: toNaive(new Date()), labelIds: [] };
    db.projects.set(general.id, general);
  }
  for (const task of db.tasks.values()) task.projectId ??= general.id;
}

/** Closes timers older than 25 minutes, or that began on an earlier local day, as Core does per request. */
function autoStopTimers(ctx: Ctx): void {
  const now = Date.now();
  const midnight = localMidnight(ctx.tz, ctx.today).getTime();
  for (const entry of ctx.db.entries) {
    if (entry.endedAt) continue;
    const started = fromNaive(entry.startedAt).getTime();
    const cap = started + MAX_TIMER_SECONDS * 1000;
    if (cap <= now) entry.endedAt = toNaive(new Date(cap));
    else if (started < midnight) entry.endedAt = toNaive(new Date(midnight));
  }
}

function requestId(req: SandboxRequest): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim() ? value : randomUUID();
}

function withRequestId(req: SandboxRequest, res: SandboxResponse): SandboxResponse {
  return { ...res, headers: { ...res.headers, 'X-Request-ID': requestId(req) } };
}

/** Registers an unauthenticated route that still echoes `X-Request-ID`. */
export function publicRoute(
  router: Router,
  method: string,
  path: string,
  handler: () => SandboxResponse,
): void {
  router.on(method, path, (req) => withRequestId(req, handler()));
}

/** Returns a registrar for `/api/*` routes that identifies the caller and prepares their tables. */
export function protectedRoutes(router: Router, options: SandboxOptions, store: CoreStore): Register {
  return (method, path, handler) => {
    router.on(method, `/api${path}`, async (req) => {
      const user = await identify(req, options);
      if (!user) return withRequestId(req, unauthorized);
      const db = store.user(user.id, user.email);
      if (db === 'conflict') return withRequestId(req, conflict);
      const tz = userTimeZone(db);
      const ctx: Ctx = { req, body: req.body, db, store, tz, today: localDate(tz) };
      ensureSetup(ctx);
      autoStopTimers(ctx);
      return withRequestId(req, handler(ctx));
    });
  };
}

/** Recomputes the local calendar after a route changed the user's timezone. */
export function refreshCalendar(ctx: Ctx): void {
  ctx.tz = userTimeZone(ctx.db);
  ctx.today = localDate(ctx.tz);
}

export const yesterday = (ctx: Ctx): string => addDays(ctx.today, -1);
