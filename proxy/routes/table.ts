/**
 * The single list of what the gateway exposes. Every public path is served under `/bff` and
 * without it (CONTRACT §0.3); ops endpoints only without it. Path parameters (`:name`) are
 * positive integers — every id in the Goalixa API is one.
 */
import type { DataType, ServiceName } from '../../shared/domain/names.js';

export type { DataType, ServiceName } from '../../shared/domain/names.js';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type LocalHandlerName =
  | 'root'
  | 'health'
  | 'liveness'
  | 'readiness'
  | 'health_deep'
  | 'metrics'
  | 'breaker_status'
  | 'openapi'
  | 'docs';
export type AggregateName = 'dashboard' | 'timer-dashboard' | 'planner' | 'reports' | 'overview';

interface RouteBase {
  method: HttpMethod;
  /** Public path template without `/bff`. */
  path: string;
  /** `public` needs no identity; `user` needs a verified one (or a renewable session). */
  access: 'public' | 'user';
}

export interface ProxyRouteSpec extends RouteBase {
  kind: 'proxy';
  service: ServiceName;
  /** Upstream path template after the service's API prefix. */
  upstream: string;
  /** GETs with a data type are cacheable per user. */
  cache?: DataType;
}

export interface LocalRouteSpec extends RouteBase {
  kind: 'local';
  handler: LocalHandlerName;
}

export interface AggregateRouteSpec extends RouteBase {
  kind: 'aggregate';
  aggregate: AggregateName;
}

export type RouteSpec = ProxyRouteSpec | LocalRouteSpec | AggregateRouteSpec;

const auth = (
  method: HttpMethod,
  path: string,
  upstream: string,
  access: 'public' | 'user' = 'public',
): ProxyRouteSpec => ({
  kind: 'proxy',
  method,
  path: `/auth${path}`,
  service: 'auth_service',
  upstream,
  access,
});

const app = (method: HttpMethod, path: string, cache?: DataType, upstream = path): ProxyRouteSpec => ({
  kind: 'proxy',
  method,
  path: `/app${path}`,
  service: 'app_service',
  upstream,
  access: 'user',
  ...(method === 'GET' && cache ? { cache } : {}),
});

const local = (path: string, handler: LocalHandlerName): LocalRouteSpec => ({
  kind: 'local',
  method: 'GET',
  path,
  handler,
  access: 'public',
});

const aggregate = (name: AggregateName): AggregateRouteSpec => ({
  kind: 'aggregate',
  method: 'GET',
  path: `/aggregate/${name}`,
  aggregate: name,
  access: 'user',
});

/** Operational endpoints: served only without the `/bff` prefix. */
export const opsRoutes: readonly LocalRouteSpec[] = [
  local('/', 'root'),
  local('/health', 'health'),
  local('/liveness', 'liveness'),
  local('/readiness', 'readiness'),
  local('/health/deep', 'health_deep'),
  local('/health/circuit-breaker/status', 'breaker_status'),
  local('/metrics', 'metrics'),
  local('/openapi.json', 'openapi'),
  local('/docs', 'docs'),
];

/** The API, served under `/bff/<group>/…` and `/<group>/…`. */
export const apiRoutes: readonly RouteSpec[] = [
  auth('POST', '/login', '/login'),
  auth('POST', '/register', '/register'),
  // Public so an expired session can still revoke its refresh token and clear cookies (§9 S7).
  auth('POST', '/logout', '/logout'),
  auth('POST', '/refresh', '/refresh'),
  auth('GET', '/me', '/me', 'user'),
  auth('POST', '/forgot', '/forgot'),
  auth('POST', '/reset', '/reset'),
  auth('POST', '/password-reset/request', '/password-reset/request'),
  auth('POST', '/password-reset/confirm', '/password-reset/confirm'),
  auth('POST', '/verify-email', '/verify-email'),
  auth('POST', '/resend-verification', '/resend-verification'),
  auth('GET', '/google', '/oauth/google/start'),
  auth('GET', '/sessions', '/sessions', 'user'),
  auth('POST', '/sessions/revoke-all', '/sessions/revoke-all', 'user'),
  auth('POST', '/sessions/:sessionId/revoke', '/sessions/:sessionId/revoke', 'user'),

  app('GET', '/tasks', 'tasks'),
  app('POST', '/tasks'),
  app('POST', '/tasks/bulk'),
  app('POST', '/tasks/:taskId/edit'),
  app('POST', '/tasks/:taskId/start'),
  app('POST', '/tasks/:taskId/stop'),
  app('POST', '/tasks/:taskId/complete'),
  app('POST', '/tasks/:taskId/reopen'),
  app('POST', '/tasks/:taskId/delete'),
  app('POST', '/tasks/:taskId/daily-check'),
  app('POST', '/daily-target'),

  app('GET', '/projects', 'projects'),
  app('POST', '/projects'),
  // The PWA calls `/update`; Core names it `/edit` (CONTRACT §1.4, C5).
  app('POST', '/projects/:projectId/update', undefined, '/projects/:projectId/edit'),
  app('POST', '/projects/:projectId/edit'),
  app('POST', '/projects/:projectId/delete'),

  app('GET', '/goals', 'goals'),
  app('POST', '/goals'),
  app('GET', '/goals/:goalId', 'goals'),
  app('POST', '/goals/:goalId/edit'),
  app('POST', '/goals/:goalId/delete'),
  app('POST', '/goals/:goalId/subgoals'),
  app('POST', '/goals/subgoals/:subgoalId/toggle'),

  app('GET', '/weekly-goals', 'goals'),
  app('POST', '/weekly-goals'),
  app('POST', '/weekly-goals/:weeklyGoalId/toggle'),
  app('POST', '/weekly-goals/:weeklyGoalId/delete'),

  app('GET', '/habits', 'habits'),
  app('POST', '/habits'),
  app('POST', '/habits/:habitId/track'),
  app('POST', '/habits/:habitId/toggle'),
  app('POST', '/habits/:habitId/update'),
  app('POST', '/habits/:habitId/delete'),

  app('GET', '/todos', 'planner'),
  app('POST', '/todos'),
  app('POST', '/todos/:todoId/toggle'),
  app('POST', '/todos/:todoId/delete'),
  app('GET', '/planner', 'planner'),

  app('GET', '/reminders', 'reminders'),
  app('POST', '/reminders'),
  app('POST', '/reminders/:reminderId/update'),
  app('POST', '/reminders/:reminderId/toggle'),
  app('POST', '/reminders/:reminderId/delete'),

  app('GET', '/labels', 'labels'),
  app('POST', '/labels'),
  app('POST', '/labels/:labelId/edit'),
  app('POST', '/labels/:labelId/delete'),

  app('GET', '/account', 'profile'),
  app('GET', '/settings/profile', 'profile'),
  app('POST', '/settings/profile'),
  app('POST', '/settings/timezone'),
  app('GET', '/settings/notifications', 'profile'),
  app('POST', '/settings/notifications'),

  app('GET', '/reports/summary', 'reports'),
  app('GET', '/timer', 'timer', '/timer/dashboard'),
  app('GET', '/timer/dashboard', 'timer'),
  app('GET', '/timer/entries', 'timer'),
  app('GET', '/calendar/board', 'timer'),

  app('GET', '/daily-focus', 'daily_focus'),
  app('POST', '/daily-focus'),
  app('PUT', '/daily-focus/reorder'),
  app('POST', '/daily-focus/auto-fill'),
  app('POST', '/daily-focus/carry-over'),
  app('PUT', '/daily-focus/:itemId'),
  app('DELETE', '/daily-focus/:itemId'),
  app('POST', '/daily-focus/:itemId/complete'),

  aggregate('dashboard'),
  aggregate('timer-dashboard'),
  aggregate('planner'),
  aggregate('reports'),
  aggregate('overview'),
];
