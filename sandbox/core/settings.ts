import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register, refreshCalendar } from './context.js';
import { toBool, toPositiveInt, toText } from './input.js';
import type { UserData } from './store.js';
import { isValidTimeZone } from './time.js';

const TIMEZONE_OPTIONS = [
  'UTC',
  'Asia/Tehran',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Dubai',
  'Asia/Tokyo',
];

/**
 * Core has no documented default daily target; the sandbox assumes four hours so that the
 * dashboard's progress ring never divides by zero.
 */
const DEFAULT_DAILY_TARGET_SECONDS = 4 * 3600;

export function notificationSettings(db: UserData): Record<string, unknown> {
  const s = db.settings;
  const flag = (key: string, fallback: boolean) => (s.has(key) ? s.get(key) === '1' : fallback);
  return {
    enabled: flag('notifications_enabled', false),
    interval_minutes: Number(s.get('notifications_interval_minutes') ?? 30),
    show_system: flag('notifications_show_system', true),
    show_toast: flag('notifications_show_toast', true),
    play_sound: flag('notifications_play_sound', true),
    title: s.get('notifications_title') ?? 'Tracking reminder',
    message: s.get('notifications_message') ?? 'Start a Pomodoro to keep tracking your focus.',
  };
}

export function dailyTarget(ctx: Ctx): number {
  return Number(ctx.db.settings.get(`daily_target:${ctx.today}`) ?? DEFAULT_DAILY_TARGET_SECONDS);
}

function accountPayload(ctx: Ctx): Record<string, unknown> {
  const s = ctx.db.settings;
  return {
    user: { id: ctx.db.id, email: ctx.db.email },
    timezone_name: ctx.tz,
    timezone_options: TIMEZONE_OPTIONS,
    notification_settings: notificationSettings(ctx.db),
    profile: {
      full_name: s.get('profile_full_name') ?? '',
      phone: s.get('profile_phone') ?? '',
      bio: s.get('profile_bio') ?? '',
      user_id: ctx.db.id,
    },
  };
}

function saveProfile(ctx: Ctx): SandboxResponse {
  for (const field of ['full_name', 'phone', 'bio']) {
    if (field in ctx.body) ctx.db.settings.set(`profile_${field}`, toText(ctx.body[field]));
  }
  return ok(accountPayload(ctx));
}

/** An invalid zone name is stored as UTC, as in Core. */
function saveTimezone(ctx: Ctx): SandboxResponse {
  const name = toText(ctx.body.timezone);
  ctx.db.settings.set('timezone', isValidTimeZone(name) ? name : 'UTC');
  refreshCalendar(ctx);
  return ok({ ok: true, timezone_name: ctx.tz });
}

function saveNotifications(ctx: Ctx): SandboxResponse {
  const b = ctx.body;
  const s = ctx.db.settings;
  const bit = (value: boolean) => (value ? '1' : '0');
  s.set('notifications_enabled', bit(toBool(b.notifications_enabled, false)));
  const interval = toPositiveInt(b.notifications_interval_minutes);
  if (interval !== null)
    s.set('notifications_interval_minutes', String(Math.min(240, Math.max(1, interval))));
  for (const key of ['show_system', 'show_toast', 'play_sound']) {
    s.set(`notifications_${key}`, bit(toBool(b[`notifications_${key}`], true)));
  }
  if (toText(b.notifications_title)) s.set('notifications_title', toText(b.notifications_title));
  if (toText(b.notifications_message)) s.set('notifications_message', toText(b.notifications_message));
  return ok({ ok: true, notification_settings: notificationSettings(ctx.db) });
}

/** A value that is not a positive integer is ignored; the answer reports today's target either way. */
function saveDailyTarget(ctx: Ctx): SandboxResponse {
  const target = toPositiveInt(ctx.body.target_seconds);
  if (target !== null) ctx.db.settings.set(`daily_target:${ctx.today}`, String(target));
  return ok({ ok: true, today_target_seconds: dailyTarget(ctx) });
}

export function registerSettings(on: Register): void {
  on('GET', '/account', (ctx) => ok(accountPayload(ctx)));
  // Inferred (no GET in the Core snapshot): the whole AccountPayload, whose `profile` is the profile.
  on('GET', '/settings/profile', (ctx) => ok(accountPayload(ctx)));
  on('POST', '/settings/profile', saveProfile);
  on('POST', '/settings/timezone', saveTimezone);
  on('GET', '/settings/notifications', (ctx) => ok(notificationSettings(ctx.db)));
  on('POST', '/settings/notifications', saveNotifications);
  on('POST', '/daily-target', saveDailyTarget);
}
