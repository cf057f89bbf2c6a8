import type { SandboxResponse } from '../http/router.js';
import { type Ctx, ok, type Register } from './context.js';
import { habitList, habitsSummary } from './habits.js';
import { toBool, toText } from './input.js';
import type { Todo } from './store.js';
import { nowNaive } from './time.js';

function todoView(todo: Todo): Record<string, unknown> {
  return {
    id: todo.id,
    name: todo.name,
    log_date: todo.logDate,
    created_at: todo.createdAt,
    completed_at: todo.completedAt,
  };
}

/** Today's todos split into open and done. */
function todayTodos(ctx: Ctx): { todos: unknown[]; done_todos: unknown[] } {
  const today = [...ctx.db.todos.values()].filter((t) => t.logDate === ctx.today).sort((a, b) => a.id - b.id);
  return {
    todos: today.filter((t) => !t.completedAt).map(todoView),
    done_todos: today.filter((t) => t.completedAt).map(todoView),
  };
}

function plannerPayload(ctx: Ctx): Record<string, unknown> {
  return { today: ctx.today, habits: habitList(ctx), habits_summary: habitsSummary(ctx), ...todayTodos(ctx) };
}

function createTodo(ctx: Ctx): SandboxResponse {
  const name = toText(ctx.body.name);
  if (name) {
    const id = ctx.store.nextId();
    ctx.db.todos.set(id, { id, name, logDate: ctx.today, createdAt: nowNaive(), completedAt: null });
  }
  return ok(plannerPayload(ctx));
}

/** Sets completion from `done`; without it the todo flips, which is what a toggle button means. */
function toggleTodo(ctx: Ctx): SandboxResponse {
  const todo = ctx.db.todos.get(Number(ctx.req.params.id));
  if (todo) {
    const done = toBool(ctx.body.done, !todo.completedAt);
    todo.completedAt = done ? (todo.completedAt ?? nowNaive()) : null;
  }
  return ok(plannerPayload(ctx));
}

export function registerTodos(on: Register): void {
  on('GET', '/planner', (ctx) => ok(plannerPayload(ctx)));
  // Inferred (the Core snapshot has no GET /todos; the BFF's dashboard calls it): `{todos,done_todos}`.
  on('GET', '/todos', (ctx) => ok(todayTodos(ctx)));
  on('POST', '/todos', createTodo);
  on('POST', '/todos/:id/toggle', toggleTodo);
  on('POST', '/todos/:id/delete', (ctx) => {
    ctx.db.todos.delete(Number(ctx.req.params.id));
    return ok(plannerPayload(ctx));
  });
}
