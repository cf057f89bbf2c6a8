import { type ErrorCode, errorCatalogue } from '../../shared/errors/catalogue.js';
import type { LocalHandlerName, RouteSpec } from '../routes/table.js';
import type { JsonSchema } from './request-bodies.js';

export interface MediaContent {
  [mediaType: string]: { schema: JsonSchema };
}

export interface ResponseObject {
  description: string;
  content?: MediaContent;
}

export type ResponseRef = { $ref: string } | ResponseObject;

const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];
const anyJson: MediaContent = { 'application/json': { schema: {} } };

/** The one JSON error shape every gateway error uses, with every catalogued code. */
export const errorEnvelopeSchema: JsonSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: errorCodes, description: 'Stable code; clients branch on it.' },
    message: { type: 'string', description: 'Human-readable; may change.' },
    request_id: { type: 'string', description: 'Quote it when reporting a problem.' },
  },
  additionalProperties: true,
};

/** One reusable response per error status, narrowed to the codes that carry that status. */
export function errorResponses(): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes) {
    const status = errorCatalogue[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      errorResponseName(status),
      {
        description: `Gateway error: ${codes.join(', ')}.`,
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/ErrorEnvelope' },
                { properties: { error: { enum: codes } } },
              ],
            },
          },
        },
      },
    ]),
  );
}

export const errorResponseName = (status: number) => `Error${status}`;

/** Which gateway errors a route can answer, by what the route is; data, read top to bottom. */
const errorStatusRules: readonly { applies: (route: RouteSpec) => boolean; statuses: number[] }[] = [
  { applies: () => true, statuses: [405, 500] },
  { applies: (route) => route.path.includes('/:'), statuses: [400, 404] },
  { applies: (route) => route.access === 'user', statuses: [401, 503] },
  { applies: (route) => route.method !== 'GET', statuses: [413] },
  { applies: (route) => route.kind !== 'local', statuses: [429, 502, 503, 504] },
];

export function errorStatusesFor(route: RouteSpec): number[] {
  const statuses = new Set<number>();
  for (const rule of errorStatusRules)
    if (rule.applies(route)) for (const status of rule.statuses) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

const json = (description: string): ResponseObject => ({ description, content: anyJson });

/** What each local handler answers on success; a new handler must say what it returns. */
export const localSuccess: Record<LocalHandlerName, ResponseObject> = {
  root: json('Service name, version and entry points.'),
  health: json('The process is up: status, version and uptime.'),
  liveness: json('The event loop answers.'),
  readiness: json('Ready for traffic; 503 not_ready while starting or draining.'),
  health_deep: json('Every dependency is up; 503 with the same body when one is down.'),
  breaker_status: json("This pod's circuit breaker per upstream service: state and recent counts."),
  metrics: {
    description: 'Prometheus text exposition of this pod.',
    content: { 'text/plain': { schema: { type: 'string' } } },
  },
  openapi: json('This document.'),
  docs: {
    description: 'A self-contained HTML page rendering this document.',
    content: { 'text/html': { schema: { type: 'string' } } },
  },
};

export const proxiedSuccess = json('The upstream answer, passed through with its status.');
export const aggregateSuccess = json('The combined view; optional parts may be null when they failed.');
