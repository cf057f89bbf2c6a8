import { apiRoutes, type HttpMethod, opsRoutes, type RouteSpec } from './table.js';

/** A route ready for the hot path: its template split once, its upstream path pre-cut. */
export interface CompiledRoute {
  readonly spec: RouteSpec;
  /** The public template without `/bff`; doubles as the bounded metrics and log label. */
  readonly template: string;
  readonly paramNames: readonly string[];
  /** Upstream path pieces: strings verbatim, numbers index into the matched params. */
  readonly upstreamParts: readonly (string | number)[];
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: string[] }
  | { kind: 'invalid_path' }
  | { kind: 'invalid_param'; name: string }
  | { kind: 'method_not_allowed'; allow: string }
  | { kind: 'not_found' };

interface DynamicEntry {
  segments: (string | null)[];
  paramNames: string[];
  byMethod: Map<string, CompiledRoute>;
}

interface RouteSet {
  statics: Map<string, Map<string, CompiledRoute>>;
  dynamics: DynamicEntry[];
}

/** Ids in the Goalixa API are positive integers; anything else never reaches an upstream. */
const positiveInteger = /^[1-9][0-9]{0,15}$/;

export class RouteMatcher {
  readonly #api: RouteSet = { statics: new Map(), dynamics: [] };
  readonly #all: RouteSet = { statics: new Map(), dynamics: [] };
  readonly routes: CompiledRoute[] = [];

  constructor(api: readonly RouteSpec[] = apiRoutes, ops: readonly RouteSpec[] = opsRoutes) {
    for (const spec of api) this.#add(spec, [this.#api, this.#all]);
    for (const spec of ops) this.#add(spec, [this.#all]);
  }

  /** `path` is the raw request path without the query string. */
  match(method: string, path: string): RouteMatch {
    if (hasUnsafeSegments(path)) return { kind: 'invalid_path' };
    const prefixed = path.startsWith('/bff/');
    const set = prefixed ? this.#api : this.#all;
    const local = prefixed ? path.slice(4) : path;
    const lookupMethod = method === 'HEAD' ? 'GET' : method;

    const exact = set.statics.get(local);
    if (exact) return pick(exact, lookupMethod, []);

    const segments = local.split('/');
    let invalidParam: string | undefined;
    for (const entry of set.dynamics) {
      const params = matchSegments(entry, segments);
      if (params === null) continue;
      const bad = params.findIndex((value) => !positiveInteger.test(value));
      if (bad >= 0) {
        invalidParam ??= entry.paramNames[bad];
        continue;
      }
      return pick(entry.byMethod, lookupMethod, params);
    }
    return invalidParam ? { kind: 'invalid_param', name: invalidParam } : { kind: 'not_found' };
  }

  #add(spec: RouteSpec, sets: RouteSet[]): void {
    const { segments, paramNames } = splitTemplate(spec.path);
    const route: CompiledRoute = {
      spec,
      template: spec.path,
      paramNames,
      upstreamParts: spec.kind === 'proxy' ? cutUpstream(spec.upstream, paramNames) : [],
    };
    this.routes.push(route);
    for (const set of sets) {
      if (paramNames.length === 0) {
        const byMethod = set.statics.get(spec.path) ?? new Map<string, CompiledRoute>();
        byMethod.set(spec.method, route);
        set.statics.set(spec.path, byMethod);
        continue;
      }
      let entry = set.dynamics.find((d) => d.segments.join('/') === segments.join('/'));
      if (!entry) {
        entry = { segments, paramNames, byMethod: new Map() };
        set.dynamics.push(entry);
      }
      entry.byMethod.set(spec.method, route);
    }
  }
}

/** Builds the upstream path for a matched route; params are validated integers, so no escaping is needed. */
export function upstreamPath(route: CompiledRoute, params: readonly string[]): string {
  let path = '';
  for (const part of route.upstreamParts) path += typeof part === 'number' ? params[part] : part;
  return path;
}

function pick(byMethod: Map<string, CompiledRoute>, method: string, params: string[]): RouteMatch {
  const route = byMethod.get(method);
  if (route) return { kind: 'found', route, params };
  const allow = [...byMethod.keys()];
  if (allow.includes('GET')) allow.push('HEAD');
  return { kind: 'method_not_allowed', allow: allow.join(', ') };
}

function matchSegments(entry: DynamicEntry, segments: string[]): string[] | null {
  if (entry.segments.length !== segments.length) return null;
  const params: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const expected = entry.segments[i];
    if (expected === null) params.push(segments[i]);
    else if (expected !== segments[i]) return null;
  }
  return params;
}

function splitTemplate(template: string): { segments: (string | null)[]; paramNames: string[] } {
  const paramNames: string[] = [];
  const segments = template.split('/').map((segment) => {
    if (!segment.startsWith(':')) return segment;
    paramNames.push(segment.slice(1));
    return null;
  });
  return { segments, paramNames };
}

function cutUpstream(template: string, paramNames: readonly string[]): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const piece of template.split(/(:[A-Za-z]+)/)) {
    if (piece === '') continue;
    parts.push(piece.startsWith(':') ? paramNames.indexOf(piece.slice(1)) : piece);
  }
  if (parts.some((part) => part === -1))
    throw new Error(`upstream ${template} names a parameter its route lacks`);
  return parts;
}

/** Dot segments, empty segments and encoded separators could steer an upstream path (§9 S10). */
function hasUnsafeSegments(path: string): boolean {
  if (path.includes('%')) {
    const lower = path.toLowerCase();
    if (lower.includes('%2f') || lower.includes('%5c') || lower.includes('%2e') || lower.includes('%00'))
      return true;
  }
  if (path.includes('\\') || path.includes('//')) return true;
  return path.includes('/.') && path.split('/').some((segment) => segment === '.' || segment === '..');
}

export type { HttpMethod };
