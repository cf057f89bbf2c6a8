import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { toBool, toInt, toOptionalText, toText } from './input.js';
import { notificationSettings } from './settings.js';
import type { Reminder } from './store.js';
import {
  addDays,
  DAY_NAMES,
  dayMonth,
  hourMinute,
  isIsoDate,
  localDate,
  localToInstant,
  nowNaive,
  weekdayIndex,
} from './time.js';

const REPEATS = ['none', 'daily', 'weekly', 'monthly'];

/** Whether a repeating reminder fires on a local date. */
function firesOn(r: Reminder, date: string): boolean {
  if (r.remindDate && date < r.remindDate) return false;
  if (r.repeatInterval === 'daily') return true;
  if (r.repeatInterval === 'weekly') {
    const days = r.repeatDays.length ? r.repeatDays : [weekdayIndex(r.remindDate ?? date)];
    return days.includes(weekdayIndex(date));
  }
  if (r.repeatInterval === 'monthly') return date.slice(8) === (r.remindDate ?? date).slice(8);
  return date === r.remindDate;
}

/** The next time the reminder fires; a one-off keeps its (possibly past) time so it can be "overdue". */
function nextAt(r: Reminder, ctx: Ctx): Date | null {
  if (!r.remindDate && !r.remindTime) return null;
  const time = `${r.remindTime ?? '09:00'}:00`;
  if (r.repeatInterval === 'none') return localToInstant(ctx.tz, r.remindDate ?? ctx.today, time);
  for (let i = 0; i < 62; i++) {
    const day = addDays(ctx.today, i);
    const at = localToInstant(ctx.tz, day, time);
    if (firesOn(r, day) && at.getTime() >= Date.now()) return at;
  }
  return null;
}

function nextLabel(at: Date | null, ctx: Ctx): string {
  if (!at) return 'Not scheduled';
  const day = localDate(ctx.tz, at);
  const when =
    day === ctx.today
      ? 'Today'
      : day === addDays(ctx.today, 1)
        ? 'Tomorrow'
        : `${DAY_NAMES[weekdayIndex(day)]} ${dayMonth(day)}`;
  return `${when} · ${hourMinute(ctx.tz, at)}`;
}

function repeatLabel(r: Reminder): string {
  if (r.repeatInterval === 'daily') return 'Daily';
  if (r.repeatInterval === 'monthly') return 'Monthly';
  if (r.repeatInterval === 'weekly') {
    return r.repeatDays.length ? `Weekly · ${r.repeatDays.map((d) => DAY_NAMES[d]).join(', ')}` : 'Weekly';
  }
  return 'One-time';
}

function reminderView(r: Reminder, ctx: Ctx): Record<string, unknown> {
  const next = nextAt(r, ctx);
  const overdue = r.repeatInterval === 'none' && next !== null && next.getTime() < Date.now();
  const channels = [r.channelToast && 'In-app', r.channelSystem && 'System', r.playSound && 'Sound'].filter(
    Boolean,
  );
  return {
    id: r.id,
    title: r.title,
    notes: r.notes,
    remind_date: r.remindDate,
    remind_time: r.remindTime,
    repeat_interval: r.repeatInterval,
    repeat_days: r.repeatDays.length ? r.repeatDays.join(',') : null,
    priority: r.priority,
    // Stored as 0/1 in Core's table, and sent that way.
    channel_toast: Number(r.channelToast),
    channel_system: Number(r.channelSystem),
    play_sound: Number(r.playSound),
    is_active: Number(r.isActive),
    created_at: r.createdAt,
    // Flask serialises datetimes as RFC-1123 GMT strings.
    next_at: next ? next.toUTCString() : null,
    next_label: nextLabel(next, ctx),
    status: !r.isActive ? 'paused' : !next ? 'unscheduled' : overdue ? 'overdue' : 'upcoming',
    repeat_label: repeatLabel(r),
    repeat_days_list: r.repeatDays,
    channels_label: channels.length ? channels.join(' · ') : 'No alerts',
    timezone_name: ctx.tz,
  };
}

function remindersPayload(ctx: Ctx): Record<string, unknown> {
  const reminders = [...ctx.db.reminders.values()]
    .sort((a, b) => a.id - b.id)
    .map((r) => reminderView(r, ctx));
  const upcoming = reminders.find((r) => r.status === 'upcoming');
  return {
    reminders,
    reminders_summary: {
      total: reminders.length,
      active: reminders.filter((r) => r.is_active === 1).length,
      overdue: reminders.filter((r) => r.status === 'overdue').length,
      next_label: upcoming ? upcoming.next_label : 'Not scheduled',
    },
    notification_settings: notificationSettings(ctx.db),
    today: ctx.today,
    weekday_options: DAY_NAMES.map((label, value) => ({ value, label })),
  };
}

/** Weekday numbers 0=Mon…6=Sun from a list or a CSV string; anything else is dropped. */
function toWeekdays(value: unknown): number[] {
  const raw = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const days = raw.map(toInt).filter((d): d is number => d !== null && d >= 0 && d <= 6);
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Reads a reminder body; the four booleans default to false when absent (CONTRACT §7.2.5). */
function readReminder(ctx: Ctx): Omit<Reminder, 'id' | 'createdAt'> | null {
  const b = ctx.body;
  const title = toText(b.title);
  if (!title) return null;
  const repeat = toText(b.repeat_interval);
  const time = toText(b.remind_time);
  return {
    title,
    notes: toOptionalText(b.notes),
    remindDate: isIsoDate(b.remind_date) ? b.remind_date : null,
    remindTime: /^\d{2}:\d{2}$/.test(time) ? time : null,
    repeatInterval: REPEATS.includes(repeat) ? repeat : 'none',
    repeatDays: toWeekdays(b.repeat_days),
    priority: toText(b.priority) || 'normal',
    channelToast: toBool(b.channel_toast, false),
    channelSystem: toBool(b.channel_system, false),
    playSound: toBool(b.play_sound, false),
    isActive: toBool(b.is_active, false),
  };
}

function saveReminder(ctx: Ctx): SandboxResponse {
  const input = readReminder(ctx);
  const id = ctx.req.params.id ? Number(ctx.req.params.id) : null;
  const existing = id === null ? undefined : ctx.db.reminders.get(id);
  if (input && existing) Object.assign(existing, input);
  if (input && id === null) {
    const created = { ...input, id: ctx.store.nextId(), createdAt: nowNaive() };
    ctx.db.reminders.set(created.id, created);
  }
  return ok(remindersPayload(ctx));
}

export function registerReminders(on: Register): void {
  on('GET', '/reminders', (ctx) => ok(remindersPayload(ctx)));
  on('POST', '/reminders', saveReminder);
  on('POST', '/reminders/:id/update', saveReminder);
  on('POST', '/reminders/:id/toggle', (ctx) => {
    const reminder = ctx.db.reminders.get(Number(ctx.req.params.id));
    if (reminder) reminder.isActive = toBool(ctx.body.is_active, !reminder.isActive);
    return ok(remindersPayload(ctx));
  });
  on('POST', '/reminders/:id/delete', (ctx) => {
    ctx.db.reminders.delete(Number(ctx.req.params.id));
    return ok(remindersPayload(ctx));
  });
}
