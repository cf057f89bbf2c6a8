import type { AggregateName, DataType, ServiceName } from '../routes/table.js';

/** One upstream GET an aggregate is made of. */
export interface AggregatePart {
  /** The key of its data (and of its error) in the envelope. */
  name: string;
  service: ServiceName;
  /** Upstream path after the service's API prefix; the same cache entry as the single route. */
  path: string;
  /** Data type of its cache entry, as for the single route. */
  cache: DataType;
  /** A required part that fails fails the aggregate (502); an optional one makes it partial. */
  required: boolean;
  /** Query parameters of the aggregate request it receives; `all` passes the query unchanged. */
  query: readonly string[] | 'all';
}

export interface AggregateDefinition {
  /** `envelope` assembles its parts; `pass-through` answers with its one part's payload unchanged. */
  shape: 'envelope' | 'pass-through';
  /** Data type of the assembled answer's cache entry. */
  cache: DataType;
  parts: readonly AggregatePart[];
}

const reportRange = ['start', 'end', 'group'] as const;

const core = (
  name: string,
  path: string,
  cache: DataType,
  required = false,
  query: AggregatePart['query'] = [],
): AggregatePart => ({ name, service: 'app_service', path, cache, required, query });

/** `user` is Auth's `/me`, as the original's dashboard had it (CONTRACT §3). */
const user = (required = false): AggregatePart => ({
  name: 'user',
  service: 'auth_service',
  path: '/me',
  cache: 'profile',
  required,
  query: [],
});

/**
 * The aggregates of CONTRACT §3, fixed per §9 C4/C6: honest status, the date range forwarded.
 * The dashboard needs nothing in particular: the PWA renders what it gets, and Core deployments
 * without `GET /todos` exist (§1.4). Reports and overview exist to show the summary.
 */
export const aggregates: Record<AggregateName, AggregateDefinition> = {
  dashboard: {
    shape: 'envelope',
    cache: 'dashboard',
    parts: [
      core('tasks', '/tasks', 'tasks'),
      core('projects', '/projects', 'projects'),
      core('goals', '/goals', 'goals'),
      core('habits', '/habits', 'habits'),
      core('todos', '/todos', 'planner'),
      user(),
    ],
  },
  // The PWA reads Core's payload as it is (§8.4); only the query passes along.
  'timer-dashboard': {
    shape: 'pass-through',
    cache: 'timer',
    parts: [core('timer', '/timer/dashboard', 'timer', true, 'all')],
  },
  planner: {
    shape: 'envelope',
    cache: 'aggregate',
    parts: [
      core('habits', '/habits', 'habits'),
      core('todos', '/todos', 'planner'),
      core('goals', '/goals', 'goals'),
    ],
  },
  reports: {
    shape: 'envelope',
    cache: 'aggregate',
    parts: [
      core('summary', '/reports/summary', 'reports', true, reportRange),
      core('tasks', '/tasks', 'tasks'),
      core('projects', '/projects', 'projects'),
    ],
  },
  overview: {
    shape: 'envelope',
    cache: 'aggregate',
    parts: [
      user(),
      core('tasks', '/tasks', 'tasks'),
      core('summary', '/reports/summary', 'reports', true, reportRange),
    ],
  },
};

/** The query a part receives: the named parameters of the aggregate's query, in their order. */
export function partQuery(query: string, accepted: AggregatePart['query']): string {
  if (accepted === 'all') return query;
  if (query === '') return '';
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(query))
    if (accepted.includes(name)) kept.append(name, value);
  return kept.toString();
}

/** Every parameter any part of the aggregate uses: the aggregate's own cache entry depends on them only. */
export function acceptedParams(definition: AggregateDefinition): AggregatePart['query'] {
  if (definition.parts.some((part) => part.query === 'all')) return 'all';
  return [...new Set(definition.parts.flatMap((part) => part.query as readonly string[]))];
}
