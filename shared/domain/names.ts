/**
 * The closed sets of names the proxy, control and the CLI all speak of. One list each, so a
 * new upstream or cache class is added in one place and every schema and label follows.
 */

export const serviceNames = ['auth_service', 'app_service'] as const;
export type ServiceName = (typeof serviceNames)[number];

/** Route groups a rate limit can be overridden for; ops endpoints are never limited. */
export const routeGroups = ['auth', 'app', 'aggregate'] as const;
export type RouteGroup = (typeof routeGroups)[number];

/** Cache classes of cacheable GETs; their TTLs live in `proxy/cache/ttl.ts`. */
export const dataTypes = [
  'profile',
  'tasks',
  'projects',
  'goals',
  'labels',
  'habits',
  'planner',
  'reports',
  'timer',
  'reminders',
  'daily_focus',
  'dashboard',
  'aggregate',
] as const;
export type DataType = (typeof dataTypes)[number];
