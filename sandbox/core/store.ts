/**
 * Per-user in-memory tables (CONTRACT §7.2.3). Each user has their own maps, so ownership is
 * enforced by construction: an id that belongs to someone else is simply not found, which is
 * exactly Core's "ignore silently" behaviour. Ids come from one global counter so that ids are
 * unique across users, which lets tests prove that user B cannot reach user A's rows.
 */

export interface Project {
  id: number;
  name: string;
  createdAt: string;
  labelIds: number[];
}

export interface Label {
  id: number;
  name: string;
  color: string;
  createdAt: string;
}

export interface Task {
  id: number;
  name: string;
  createdAt: string;
  projectId: number | null;
  status: 'active' | 'completed';
  completedAt: string | null;
  priority: string;
  labelIds: number[];
  /** Local dates with a daily check. */
  checks: Set<string>;
}

export interface TimeEntry {
  id: number;
  taskId: number;
  startedAt: string;
  endedAt: string | null;
}

export interface Subgoal {
  id: number;
  title: string;
  label: string | null;
  targetDate: string | null;
  projectId: number | null;
  status: 'pending' | 'completed';
  createdAt: string;
}

export interface Goal {
  id: number;
  name: string;
  description: string | null;
  status: string;
  priority: string;
  targetDate: string | null;
  targetSeconds: number;
  labelId: number | null;
  createdAt: string;
  projectIds: number[];
  taskIds: number[];
  subgoals: Subgoal[];
}

export interface WeeklyGoal {
  id: number;
  title: string;
  targetSeconds: number;
  weekStart: string;
  weekEnd: string;
  longTermGoalId: number | null;
  labelId: number | null;
  status: string;
  createdAt: string;
}

export interface Habit {
  id: number;
  name: string;
  frequency: string;
  timeOfDay: string | null;
  reminder: string | null;
  notes: string | null;
  goalName: string | null;
  subgoalName: string | null;
  createdAt: string;
  logs: Set<string>;
}

export interface Todo {
  id: number;
  name: string;
  logDate: string;
  createdAt: string;
  completedAt: string | null;
}

export interface Reminder {
  id: number;
  title: string;
  notes: string | null;
  remindDate: string | null;
  remindTime: string | null;
  repeatInterval: string;
  repeatDays: number[];
  priority: string;
  channelToast: boolean;
  channelSystem: boolean;
  playSound: boolean;
  isActive: boolean;
  createdAt: string;
}

export type TimeBlock = 'morning' | 'afternoon' | 'evening' | 'unscheduled';

export interface FocusItem {
  id: number;
  date: string;
  taskId: number;
  timeBlock: TimeBlock;
  position: number;
  completed: boolean;
}

export interface UserData {
  id: number;
  email: string;
  projects: Map<number, Project>;
  labels: Map<number, Label>;
  tasks: Map<number, Task>;
  entries: TimeEntry[];
  goals: Map<number, Goal>;
  weeklyGoals: Map<number, WeeklyGoal>;
  habits: Map<number, Habit>;
  todos: Map<number, Todo>;
  reminders: Map<number, Reminder>;
  focus: Map<number, FocusItem>;
  /** Core's key/value settings table: timezone, profile_*, notifications_*, daily_target:<date>. */
  settings: Map<string, string>;
}

function emptyUser(id: number, email: string): UserData {
  return {
    id,
    email,
    projects: new Map(),
    labels: new Map(),
    tasks: new Map(),
    entries: [],
    goals: new Map(),
    weeklyGoals: new Map(),
    habits: new Map(),
    todos: new Map(),
    reminders: new Map(),
    focus: new Map(),
    settings: new Map(),
  };
}

export class CoreStore {
  readonly #users = new Map<number, UserData>();
  readonly #idsByEmail = new Map<string, number>();
  #nextId = 1;

  nextId(): number {
    return this.#nextId++;
  }

  /**
   * Core's `ensure_user_setup` user row: created on first sight; an id or email already bound to
   * the other half of a different pair is a conflict (Core answers 409).
   */
  user(id: number, email: string): UserData | 'conflict' {
    const known = this.#users.get(id);
    const owner = this.#idsByEmail.get(email);
    if (known) return email && known.email && known.email !== email ? 'conflict' : known;
    if (owner !== undefined && owner !== id) return 'conflict';
    const created = emptyUser(id, email);
    this.#users.set(id, created);
    if (email) this.#idsByEmail.set(email, id);
    return created;
  }
}

/** A name match that ignores nothing: Core's unique constraints are case-sensitive. */
export function findByName<T extends { id: number; name: string }>(
  rows: Map<number, T>,
  name: string,
): T | undefined {
  for (const row of rows.values()) if (row.name === name) return row;
  return undefined;
}

/** Newest first, the order Core's list queries use. */
export function newestFirst<T extends { id: number }>(rows: Iterable<T>): T[] {
  return [...rows].sort((a, b) => b.id - a.id);
}
