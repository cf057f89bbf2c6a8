/**
 * The in-memory imitation of the Goalixa Core-API (CONTRACT §7.2, §7.3). Every data route lives
 * under `/api` and needs a user; `/health` and `/metrics` do not. Routes the Core snapshot lacks
 * but the BFF calls (CONTRACT §1.4, C5) are included and marked "inferred" where they are defined.
 */
import { Router } from '../http/router.js';
import type { SandboxOptions } from '../options.js';
import { ok, protectedRoutes, publicRoute } from './context.js';
import { registerDailyFocus } from './daily-focus.js';
import { registerGoals } from './goals.js';
import { registerHabits } from './habits.js';
import { registerLabels } from './labels.js';
import { registerProjects } from './projects.js';
import { registerReminders } from './reminders.js';
import { registerReports } from './reports.js';
import { registerSettings } from './settings.js';
import { CoreStore } from './store.js';
import { registerTasks } from './tasks.js';
import { registerTimer } from './timer.js';
import { registerTodos } from './todos.js';
import { registerWeeklyGoals } from './weekly-goals.js';

const DOMAINS = [
  registerTasks,
  registerProjects,
  registerLabels,
  registerGoals,
  registerWeeklyGoals,
  registerHabits,
  registerTodos,
  registerReminders,
  registerSettings,
  registerReports,
  registerTimer,
  registerDailyFocus,
];

export function createCoreRouter(options: SandboxOptions): Router {
  const router = new Router();
  publicRoute(router, 'GET', '/health', () => ok({ status: 'ok' }));
  publicRoute(router, 'GET', '/metrics', () => ({
    status: 200,
    body: '# sandbox core: no metrics\n',
    headers: { 'content-type': 'text/plain; version=0.0.4' },
  }));
  const on = protectedRoutes(router, options, new CoreStore());
  for (const register of DOMAINS) register(on);
  return router;
}
