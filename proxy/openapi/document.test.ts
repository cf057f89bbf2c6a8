import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../shared/errors/catalogue.js';
import { apiRoutes, opsRoutes, type RouteSpec } from '../routes/table.js';
import { buildDocsPage } from './docs-page.js';
import { docsScript } from './docs-script.js';
import { buildOpenApiDocument, openApiPath } from './document.js';
import { requestBodies } from './request-bodies.js';

const options = { version: '9.9.9', accessCookieName: 'goalixa_access' };
const document = buildOpenApiDocument(options);
const operation = (path: string, method: string) => document.paths[path]?.[method.toLowerCase()];

/** Follows a local `#/…` reference inside the document. */
function resolveRef(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

describe('OpenAPI document', () => {
  it('is an OpenAPI 3.1 document with info, paths and components', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Goalixa BFF', version: '9.9.9' });
    expect(Object.keys(document.paths).length).toBeGreaterThan(100);
    expect(Object.keys(document.components)).toEqual(
      expect.arrayContaining(['schemas', 'responses', 'securitySchemes']),
    );
  });

  it('lists every API route of the table under /bff and without it, and ops routes only without it', () => {
    for (const route of apiRoutes) {
      expect(operation(`/bff${openApiPath(route.path)}`, route.method), route.path).toBeDefined();
      expect(operation(openApiPath(route.path), route.method), route.path).toBeDefined();
    }
    for (const route of opsRoutes) {
      expect(operation(openApiPath(route.path), route.method), route.path).toBeDefined();
      expect(document.paths[`/bff${route.path}`]).toBeUndefined();
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(apiRoutes.length * 2 + opsRoutes.length);
  });

  it('follows a route added to the table without any other change', () => {
    const extra: RouteSpec = {
      kind: 'aggregate',
      method: 'GET',
      path: '/aggregate/x',
      aggregate: 'planner',
      access: 'user',
    };
    const grown = buildOpenApiDocument(options, [...apiRoutes, extra]);
    expect(grown.paths['/bff/aggregate/x']?.get?.summary).toBe('Aggregate view "planner"');
  });

  it('declares each path parameter as a required positive integer', () => {
    const item = document.paths['/bff/app/tasks/{taskId}/edit']?.post;
    expect(item?.parameters).toEqual([
      {
        name: 'taskId',
        in: 'path',
        required: true,
        schema: { type: 'integer', format: 'int64', minimum: 1 },
      },
    ]);
    for (const [path, methods] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(methods)) expect(op.parameters?.map((p) => p.name) ?? []).toEqual(names);
    }
  });

  it('requires the access cookie or a bearer token exactly on user routes', () => {
    expect(document.components.securitySchemes.accessCookie).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'goalixa_access',
    });
    for (const route of [...apiRoutes, ...opsRoutes]) {
      const op = operation(openApiPath(route.path), route.method);
      expect(op?.security).toEqual(route.access === 'user' ? [{ accessCookie: [] }, { bearer: [] }] : []);
      expect(Object.keys(op?.responses ?? {}).includes('401')).toBe(route.access === 'user');
    }
  });

  it('enumerates every catalogued error code in the envelope and narrows each status response', () => {
    const envelope = document.components.schemas.ErrorEnvelope as {
      properties: { error: { enum: string[] } };
    };
    expect(envelope.properties.error.enum).toEqual(Object.keys(errorCatalogue));
    for (const status of [401, 404, 405, 413, 429, 502, 503, 504])
      expect(document.components.responses[`Error${status}`], String(status)).toBeDefined();
    expect(JSON.stringify(document.components.responses.Error504)).toContain('upstream_timeout');
    const forwarded = operation('/bff/app/tasks', 'GET');
    expect(Object.keys(forwarded?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '405', '429', '502', '503', '504']),
    );
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(resolveRef(ref), ref).toBeDefined();
  });

  it('attaches the known body schemas, and every schema in the table names a served route', () => {
    const login = operation('/bff/auth/login', 'POST');
    expect(login?.requestBody?.content['application/json']?.schema).toMatchObject({
      required: ['email', 'password'],
    });
    const served = new Set(apiRoutes.map((route) => `${route.method} ${route.path}`));
    for (const key of Object.keys(requestBodies)) expect(served.has(key), key).toBe(true);
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('docs page', () => {
  const page = buildDocsPage();

  it('loads nothing from another origin', () => {
    expect(page.html).not.toMatch(/(src|href)\s*=/i);
    expect(page.html).not.toMatch(/https?:\/\//);
    expect(page.html).not.toMatch(/@import/);
    expect(page.contentSecurityPolicy).toContain("default-src 'none'");
    expect(page.contentSecurityPolicy).toContain("connect-src 'self'");
  });

  it('fetches the document by a relative URL so it works behind the /bff-stripping ingress', () => {
    expect(docsScript).toContain("fetch('openapi.json'");
    expect(docsScript).not.toContain('innerHTML');
  });

  it('carries a script that parses as JavaScript', () => {
    expect(() => new Script(docsScript)).not.toThrow();
  });
});
