/**
 * Daily focus: not in the Core snapshot, so the behaviour is inferred from the PWA's staging
 * client (CONTRACT §7.3). Every route, mutations included, answers with the GET shape for the date
 * concerned, so a client may either use the answer or reload.
 */
import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { toIdList, toInt, toPositiveInt, toText } from './input.js';
import type { FocusItem, TimeBlock } from './store.js';
import { addDays, isIsoDate, localMidnight } from './time.js';
import { isRunning, mergedSeconds, taskEntries } from './tracking.js';

const BLOCKS: TimeBlock[] = ['morning', 'afternoon', 'evening', 'unscheduled'];
const PRIORITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

const toBlock = (value: unknown): TimeBlock | null => BLOCKS.find((b) => b === value) ?? null;
const dateOr = (value: unknown, fallback: string): string => (isIsoDate(value) ? value : fallback);

function itemsOn(ctx: Ctx, date: string): FocusItem[] {
  return [...ctx.db.focus.values()].filter((i) => i.date === date);
}

function itemView(ctx: Ctx, item: FocusItem): Record<string, unknown> {
  const task = ctx.db.tasks.get(item.taskId);
  const project = task?.projectId ? ctx.db.projects.get(task.projectId) : undefined;
  const from = localMidnight(ctx.tz, item.date).getTime();
  const to = localMidnight(ctx.tz, addDays(item.date, 1)).getTime();
  return {
    id: item.id,
    task_id: item.taskId,
    task_name: task?.name ?? '',
    project_name: project?.name ?? null,
    task_priority: task?.priority ?? 'medium',
    is_completed: item.completed,
    is_running: isRunning(ctx.db, item.taskId),
    time_tracked_seconds: mergedSeconds(taskEntries(ctx.db, item.taskId), from, to),
    time_block: item.timeBlock,
    position: item.position,
    date: item.date,
  };
}

function focusPayload(ctx: Ctx, date: string): SandboxResponse {
  const items = itemsOn(ctx, date);
  const blocks = Object.fromEntries(
    BLOCKS.map((block) => [
      block,
      items
        .filter((i) => i.timeBlock === block)
        .sort((a, b) => a.position - b.position || a.id - b.id)
        .map((i) => itemView(ctx, i)),
    ]),
  );
  const completed = items.filter((i) => i.completed).length;
  return ok({
    date,
    blocks,
    summary: { total: items.length, completed, remaining: items.length - completed },
  });
}

/** Adds owned tasks not yet on that day, at the end of the block. */
function addTasks(ctx: Ctx, date: string, taskIds: number[], block: TimeBlock): void {
  const onDay = new Set(itemsOn(ctx, date).map((i) => i.taskId));
  for (const taskId of taskIds) {
    if (!ctx.db.tasks.has(taskId) || onDay.has(taskId)) continue;
    const position = itemsOn(ctx, date).filter((i) => i.timeBlock === block).length;
    const id = ctx.store.nextId();
    ctx.db.focus.set(id, { id, date, taskId, timeBlock: block, position, completed: false });
    onDay.add(taskId);
  }
}

function add(ctx: Ctx): SandboxResponse {
  const date = dateOr(ctx.body.date, ctx.today);
  addTasks(ctx, date, toIdList(ctx.body.task_ids), toBlock(ctx.body.time_block) ?? 'unscheduled');
  return focusPayload(ctx, date);
}

function applyPlacement(item: FocusItem, change: Record<string, unknown>): void {
  item.timeBlock = toBlock(change.time_block) ?? item.timeBlock;
  const position = toInt(change.position);
  if (position !== null && position >= 0) item.position = position;
}

function reorder(ctx: Ctx): SandboxResponse {
  const items = Array.isArray(ctx.body.items) ? ctx.body.items : [];
  let date = isIsoDate(ctx.body.date) ? ctx.body.date : null;
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') continue;
    const change = raw as Record<string, unknown>;
    const item = ctx.db.focus.get(toPositiveInt(change.id) ?? 0);
    if (!item) continue;
    applyPlacement(item, change);
    date ??= item.date;
  }
  return focusPayload(ctx, date ?? ctx.today);
}

/** Routes on one item; an unknown or foreign id changes nothing and returns today's (or `date`'s) focus. */
function onItem(change: (ctx: Ctx, item: FocusItem) => void) {
  return (ctx: Ctx): SandboxResponse => {
    const item = ctx.db.focus.get(Number(ctx.req.params.id));
    if (!item) return focusPayload(ctx, dateOr(ctx.req.query.get('date') ?? ctx.body.date, ctx.today));
    change(ctx, item);
    return focusPayload(ctx, item.date);
  };
}

function update(ctx: Ctx, item: FocusItem): void {
  applyPlacement(item, ctx.body);
  if (typeof ctx.body.is_completed === 'boolean') item.completed = ctx.body.is_completed;
}

/** Fills the day up to `max_tasks` with open tasks, the requested priority first. */
function autoFill(ctx: Ctx): SandboxResponse {
  const date = dateOr(ctx.body.date, ctx.today);
  const max = toPositiveInt(ctx.body.max_tasks) ?? 5;
  const wanted = toText(ctx.body.priority);
  const onDay = new Set(itemsOn(ctx, date).map((i) => i.taskId));
  const rank = (p: string) => (p === wanted ? -1 : (PRIORITY_RANK[p] ?? 3));
  const candidates = [...ctx.db.tasks.values()]
    .filter((t) => t.status === 'active' && !onDay.has(t.id))
    .sort((a, b) => rank(a.priority) - rank(b.priority) || b.id - a.id)
    .slice(0, Math.max(0, max - onDay.size))
    .map((t) => t.id);
  addTasks(ctx, date, candidates, 'unscheduled');
  return focusPayload(ctx, date);
}

/** Moves unfinished items from `from_date` (default yesterday) to `to_date` (default today). */
function carryOver(ctx: Ctx): SandboxResponse {
  const to = dateOr(ctx.body.to_date, ctx.today);
  const from = dateOr(ctx.body.from_date, addDays(to, -1));
  const onTarget = new Set(itemsOn(ctx, to).map((i) => i.taskId));
  for (const item of itemsOn(ctx, from)) {
    if (item.completed || from === to) continue;
    if (onTarget.has(item.taskId)) ctx.db.focus.delete(item.id);
    else item.date = to;
  }
  return focusPayload(ctx, to);
}

export function registerDailyFocus(on: Register): void {
  on('GET', '/daily-focus', (ctx) => focusPayload(ctx, dateOr(ctx.req.query.get('date'), ctx.today)));
  on('POST', '/daily-focus', add);
  on('PUT', '/daily-focus/reorder', reorder);
  on('POST', '/daily-focus/auto-fill', autoFill);
  on('POST', '/daily-focus/carry-over', carryOver);
  on('PUT', '/daily-focus/:id', onItem(update));
  on(
    'DELETE',
    '/daily-focus/:id',
    onItem((ctx, item) => ctx.db.focus.delete(item.id)),
  );
  on(
    'POST',
    '/daily-focus/:id/complete',
    onItem((_ctx, item) => {
      item.completed = !item.completed;
    }),
  );
}
