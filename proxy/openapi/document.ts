import { apiRoutes, opsRoutes, type RouteSpec } from '../routes/table.js';
import { type JsonSchema, requestBodies } from './request-bodies.js';
import {
  aggregateSuccess,
  errorEnvelopeSchema,
  errorResponseName,
  errorResponses,
  errorStatusesFor,
  localSuccess,
  proxiedSuccess,
  type ResponseObject,
  type ResponseRef,
} from './responses.js';

export interface OpenApiOptions {
  version: string;
  /** The access cookie name the gateway reads (AUTH_ACCESS_COOKIE_NAME). */
  accessCookieName: string;
}

interface Parameter {
  name: string;
  in: 'path';
  required: true;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseRef>;
  security: Record<string, string[]>[];
  'x-bff-cache'?: string;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** Ids are positive integers, as the route matcher admits (at most 16 digits, no leading zero). */
const idSchema: JsonSchema = { type: 'integer', format: 'int64', minimum: 1 };

const userSecurity: Record<string, string[]>[] = [{ accessCookie: [] }, { bearer: [] }];

const groupDescriptions: Record<string, string> = {
  auth: 'Forwarded to the Auth service; cookies pass through both ways.',
  app: 'Forwarded to Core-API; every route needs a signed-in user.',
  aggregate: 'Composed by the gateway from several Core-API reads in parallel.',
  ops: 'Served by the gateway itself, only without the /bff prefix.',
};

/**
 * The OpenAPI 3.1 document of the gateway, built from the route table it serves, so the two
 * cannot disagree: API routes appear under `/bff/…` and `/…`, ops routes only without `/bff`.
 */
export function buildOpenApiDocument(
  options: OpenApiOptions,
  api: readonly RouteSpec[] = apiRoutes,
  ops: readonly RouteSpec[] = opsRoutes,
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  const add = (route: RouteSpec, prefix: '' | '/bff') => {
    const operation = operationFor(route, prefix);
    for (const tag of operation.tags) tags.add(tag);
    const path = prefix + openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  };
  for (const route of api) {
    add(route, '/bff');
    add(route, '');
  }
  for (const route of ops) add(route, '');

  return {
    openapi: '3.1.0',
    info: {
      title: 'Goalixa BFF',
      version: options.version,
      description:
        'The gateway between the Goalixa clients and the Auth and Core-API services. Every gateway ' +
        'error is JSON {"error": <code>, "message": …}; upstream answers pass through unchanged.',
    },
    tags: [...tags].map((name) => ({ name, description: groupDescriptions[groupOf(name)] ?? '' })),
    paths,
    components: {
      schemas: { ErrorEnvelope: errorEnvelopeSchema },
      responses: errorResponses(),
      securitySchemes: {
        accessCookie: { type: 'apiKey', in: 'cookie', name: options.accessCookieName },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}

function operationFor(route: RouteSpec, prefix: string): Operation {
  const params = route.path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment): Parameter => ({ name: segment.slice(1), in: 'path', required: true, schema: idSchema }));
  const responses: Record<string, ResponseRef> = { '200': successFor(route) };
  for (const status of errorStatusesFor(route))
    responses[String(status)] = { $ref: `#/components/responses/${errorResponseName(status)}` };
  const body = requestBodies[`${route.method} ${route.path}`];
  return {
    operationId: operationId(route, prefix),
    summary: summaryOf(route),
    tags: [tagOf(route)],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } }
      : route.method === 'GET'
        ? {}
        : { requestBody: { required: false, content: { 'application/json': { schema: {} } } } }),
    responses,
    security: route.access === 'user' ? userSecurity : [],
    ...(route.kind === 'proxy' && route.cache ? { 'x-bff-cache': route.cache } : {}),
  };
}

function successFor(route: RouteSpec): ResponseObject {
  if (route.kind === 'local') return localSuccess[route.handler];
  return route.kind === 'proxy' ? proxiedSuccess : aggregateSuccess;
}

function summaryOf(route: RouteSpec): string {
  if (route.kind === 'proxy') return `Forwards to ${route.service} ${openApiPath(route.upstream)}`;
  if (route.kind === 'aggregate') return `Aggregate view "${route.aggregate}"`;
  return localSuccess[route.handler].description;
}

/** Ops routes form one tag; API routes are tagged by group, app routes also by resource. */
function tagOf(route: RouteSpec): string {
  if (route.kind === 'local') return 'ops';
  const [group, resource] = route.path.split('/').slice(1);
  return group === 'app' ? `app/${resource}` : group;
}

const groupOf = (tag: string) => tag.split('/')[0];

/** `/tasks/:taskId` → `/tasks/{taskId}`. */
export const openApiPath = (template: string) => template.replace(/:([A-Za-z]+)/g, '{$1}');

function operationId(route: RouteSpec, prefix: string): string {
  const words = `${prefix}${route.path}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [route.method.toLowerCase(), ...(words.length > 0 ? words : ['root'])].join('_');
}
