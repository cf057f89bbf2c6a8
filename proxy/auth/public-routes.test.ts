import { describe, expect, it } from 'vitest';
import { RouteMatcher } from '../routes/compile.js';
import { apiRoutes, opsRoutes } from '../routes/table.js';

/**
 * The complete public surface (issue 3, CONTRACT §2.7 and §2.9). A route that turns public by
 * accident fails here; one meant to be public is added to this list on purpose.
 */
const expectedPublic = [
  'GET /',
  'GET /health',
  'GET /health/deep',
  'GET /health/circuit-breaker/status',
  'GET /readiness',
  'GET /liveness',
  'GET /metrics',
  'GET /docs',
  'GET /openapi.json',
  'POST /auth/login',
  'POST /auth/register',
  'POST /auth/forgot',
  'POST /auth/refresh',
  'GET /auth/google',
  'POST /auth/reset',
  'POST /auth/password-reset/request',
  'POST /auth/password-reset/confirm',
  'POST /auth/verify-email',
  'POST /auth/resend-verification',
  'POST /auth/logout',
];

describe('public routes', () => {
  it('are exactly the documented set; everything else needs a user', () => {
    const publicRoutes = [...opsRoutes, ...apiRoutes]
      .filter((spec) => spec.access === 'public')
      .map((spec) => `${spec.method} ${spec.path}`);
    expect(publicRoutes.sort()).toEqual([...expectedPublic].sort());
  });

  it('include no app route and no aggregate', () => {
    const leaked = apiRoutes.filter(
      (spec) => spec.access === 'public' && (spec.kind === 'aggregate' || spec.path.startsWith('/app/')),
    );
    expect(leaked).toEqual([]);
  });

  it.each([
    '/auth/loginXYZ',
    '/auth/login/',
    '/auth/login/extra',
    '/bff/auth/loginXYZ',
    '/auth/password-reset/anything',
    '/auth/logout2',
  ])('match whole paths only: %s is not public', (path) => {
    const match = new RouteMatcher().match('POST', path);
    expect(match.kind === 'found' && match.route.spec.access === 'public').toBe(false);
  });

  it('are public under /bff too, with the same spec', () => {
    const matcher = new RouteMatcher();
    const plain = matcher.match('POST', '/auth/logout');
    const prefixed = matcher.match('POST', '/bff/auth/logout');
    expect(plain.kind === 'found' && prefixed.kind === 'found').toBe(true);
    if (plain.kind === 'found' && prefixed.kind === 'found') expect(prefixed.route).toBe(plain.route);
  });
});
