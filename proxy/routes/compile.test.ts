import { describe, expect, it } from 'vitest';
import { type RouteMatch, RouteMatcher, upstreamPath } from './compile.js';
import { apiRoutes, opsRoutes, type RouteSpec } from './table.js';

const matcher = new RouteMatcher();

/** A concrete request path for a template: every `:param` becomes a valid id. */
const concrete = (template: string, id = '7') => template.replace(/:[A-Za-z]+/g, id);

function found(match: RouteMatch) {
  if (match.kind !== 'found') throw new Error(`expected a match, got ${JSON.stringify(match)}`);
  return match;
}

describe('route table', () => {
  it('declares every method and path once', () => {
    const keys = [...apiRoutes, ...opsRoutes].map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never exposes Core-API mock auth routes', () => {
    const coreAuth = apiRoutes.filter(
      (spec) => spec.kind === 'proxy' && spec.service === 'app_service' && spec.upstream.startsWith('/auth'),
    );
    expect(coreAuth).toEqual([]);
  });

  it('keeps every upstream parameter among the route parameters', () => {
    for (const spec of apiRoutes) {
      if (spec.kind !== 'proxy') continue;
      const own = spec.path.match(/:[A-Za-z]+/g) ?? [];
      for (const param of spec.upstream.match(/:[A-Za-z]+/g) ?? []) expect(own).toContain(param);
    }
  });
});

describe('RouteMatcher', () => {
  it.each(apiRoutes.map((spec) => [spec.method, spec.path, spec] as const))(
    'serves %s %s under /bff and without it',
    (method, path, spec) => {
      const bare = found(matcher.match(method, concrete(path)));
      const prefixed = found(matcher.match(method, `/bff${concrete(path)}`));
      expect(bare.route.spec).toBe(spec);
      expect(prefixed.route.spec).toBe(spec);
      expect(prefixed.route.template).toBe(path);
      expect(bare.params).toEqual(bare.route.paramNames.map(() => '7'));
    },
  );

  it.each(opsRoutes.map((spec) => [spec.path] as const))('serves ops route %s only without /bff', (path) => {
    expect(matcher.match('GET', path).kind).toBe('found');
    expect(matcher.match('GET', `/bff${path}`).kind).toBe('not_found');
  });

  it('answers HEAD with the GET route', () => {
    expect(found(matcher.match('HEAD', '/bff/app/tasks')).route.spec.method).toBe('GET');
  });

  it('reports the allowed methods, HEAD included for GET routes, on a method mismatch', () => {
    expect(matcher.match('DELETE', '/bff/app/tasks')).toEqual({
      kind: 'method_not_allowed',
      allow: 'GET, POST, HEAD',
    });
    expect(matcher.match('GET', '/app/daily-focus/3')).toEqual({
      kind: 'method_not_allowed',
      allow: 'PUT, DELETE',
    });
  });

  it('answers not_found for unknown paths, trailing slashes and the bare /bff prefix', () => {
    for (const path of ['/nope', '/app/tasks/', '/bff', '/bff/', '/app/tasks/7/explode', '/api/auth/login'])
      expect(matcher.match('GET', path).kind, path).toBe('not_found');
  });

  it.each(['abc', '0', '-1', '1.5', '01', '1e3', '12345678901234567', ' 1', '%31'])(
    'rejects the path parameter %j as invalid',
    (value) => {
      const match = matcher.match('POST', `/bff/app/tasks/${value}/start`);
      expect(match.kind === 'invalid_param' || match.kind === 'invalid_path').toBe(true);
      if (match.kind === 'invalid_param') expect(match.name).toBe('taskId');
    },
  );

  it.each([
    '/bff/app/tasks/../labels',
    '/app/tasks/./1/start',
    '/bff/app/tasks/1%2Fdelete/start',
    '/bff/app/tasks/1%2fdelete/start',
    '/bff/app/%2e%2e/tasks',
    '/bff/app/tasks/%2E%2E/start',
    '/bff/app/tasks/1%5C/start',
    '/bff/app/tasks/1%00/start',
    '/bff/app//tasks',
    '/bff/app/tasks\\1',
  ])('rejects the unsafe path %s', (path) => {
    expect(matcher.match('POST', path)).toEqual({ kind: 'invalid_path' });
  });

  it('treats a dot inside a segment as an ordinary unknown path, not an unsafe one', () => {
    expect(matcher.match('GET', '/app/tasks.json').kind).toBe('not_found');
  });
});

describe('upstreamPath', () => {
  const upstreamOf = (method: string, path: string) => {
    const match = found(matcher.match(method, path));
    return upstreamPath(match.route, match.params);
  };

  it('maps the PWA project update onto Core edit', () => {
    expect(upstreamOf('POST', '/bff/app/projects/42/update')).toBe('/projects/42/edit');
  });

  it('maps the timer alias and Google start onto their upstream paths', () => {
    expect(upstreamOf('GET', '/app/timer')).toBe('/timer/dashboard');
    expect(upstreamOf('GET', '/bff/auth/google')).toBe('/oauth/google/start');
  });

  it('places every parameter where the upstream template names it', () => {
    expect(upstreamOf('POST', '/app/goals/subgoals/9/toggle')).toBe('/goals/subgoals/9/toggle');
    expect(upstreamOf('POST', '/bff/auth/sessions/123/revoke')).toBe('/sessions/123/revoke');
    expect(upstreamOf('DELETE', '/app/daily-focus/5')).toBe('/daily-focus/5');
  });

  it('refuses a table whose upstream names a parameter the route lacks', () => {
    const broken: RouteSpec = {
      kind: 'proxy',
      method: 'GET',
      path: '/app/things',
      service: 'app_service',
      upstream: '/things/:thingId',
      access: 'user',
    };
    expect(() => new RouteMatcher([broken], [])).toThrow(/thingId/);
  });
});
