import type { z } from 'zod';
import { policyDocumentSchema, policySettingsSchema } from '../policy/schema.js';
import {
  breakerActionRequestSchema,
  breakerActionResponseSchema,
  breakersResponseSchema,
} from './breakers.js';
import { cacheInvalidateRequestSchema, cacheInvalidateResponseSchema } from './cache.js';
import { controlHealthSchema } from './errors.js';
import { metricsSummaryResponseSchema } from './metrics.js';
import { podsResponseSchema } from './pods.js';

export * from './breakers.js';
export * from './cache.js';
export * from './errors.js';
export * from './metrics.js';
export * from './pods.js';

export interface ControlEndpoint {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  /** `{name}` marks a path parameter. */
  path: string;
  /** Needs `Authorization: Bearer <CONTROL_ADMIN_TOKEN>`. */
  admin: boolean;
  request?: z.ZodType;
  response: z.ZodType;
}

/**
 * Control's admin API for clients (the CLI): every endpoint, its body and its answer. Every
 * error is `controlErrorSchema`: 401 admin_unauthorized, 400 invalid_json / validation_failed
 * (with `fields`), 404 not_found / unknown_service, 503 redis_unavailable.
 */
export const controlApi = {
  health: { method: 'GET', path: '/health', admin: false, response: controlHealthSchema },
  getPolicy: { method: 'GET', path: '/v1/policy', admin: true, response: policyDocumentSchema },
  /** The whole document; omitted parts take their defaults; version/updatedAt/updatedBy are ignored. */
  putPolicy: {
    method: 'PUT',
    path: '/v1/policy',
    admin: true,
    request: policySettingsSchema,
    response: policyDocumentSchema,
  },
  /** RFC 7396 JSON merge patch onto the current document; `null` removes a key (its default returns). */
  patchPolicy: { method: 'PATCH', path: '/v1/policy', admin: true, response: policyDocumentSchema },
  pods: { method: 'GET', path: '/v1/pods', admin: true, response: podsResponseSchema },
  breakers: { method: 'GET', path: '/v1/breakers', admin: true, response: breakersResponseSchema },
  /** `{action}` is open, close (both: a forced state, optional `ttlSeconds`) or reset (clears it). */
  breakerAction: {
    method: 'POST',
    path: '/v1/breakers/{service}/{action}',
    admin: true,
    request: breakerActionRequestSchema,
    response: breakerActionResponseSchema,
  },
  invalidateCache: {
    method: 'POST',
    path: '/v1/cache/invalidate',
    admin: true,
    request: cacheInvalidateRequestSchema,
    response: cacheInvalidateResponseSchema,
  },
  metricsSummary: {
    method: 'GET',
    path: '/v1/metrics/summary',
    admin: true,
    response: metricsSummaryResponseSchema,
  },
} as const satisfies Record<string, ControlEndpoint>;
