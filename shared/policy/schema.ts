import { z } from 'zod';

/**
 * The policy document control stores in Redis and every proxy pod applies live. Its defaults are
 * the proxy's env defaults (RATE_LIMIT=100/min, breaker 5 failures / 30 s / 3 half-open calls,
 * the cache's own TTLs), so a fleet with an untouched policy behaves like one without control.
 */

import { dataTypes, routeGroups, serviceNames } from '../domain/names.js';

export type { RouteGroup } from '../domain/names.js';
export { routeGroups, serviceNames };

const isoTimestamp = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 timestamp' });

export const ratePolicySchema = z.strictObject({
  limit: z.int().min(1).max(10_000_000),
  periodSeconds: z.int().min(1).max(86_400),
});
export type RatePolicy = z.output<typeof ratePolicySchema>;

export const defaultRate: RatePolicy = { limit: 100, periodSeconds: 60 };

export const rateLimitPolicySchema = z.strictObject({
  enabled: z.boolean().default(true),
  default: ratePolicySchema.default(defaultRate),
  /** Replaces the default for one route group; counted in a bucket of its own. */
  routeGroups: z.partialRecord(z.enum(routeGroups), ratePolicySchema).default({}),
  /** Replaces every other limit for one user id (the token's `sub`). */
  users: z
    .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a user id'), ratePolicySchema)
    .default({}),
});
export type RateLimitPolicy = z.output<typeof rateLimitPolicySchema>;

export const breakerPolicySchema = z.strictObject({
  failureThreshold: z.int().min(1).max(1_000).default(5),
  resetTimeoutMs: z.int().min(100).max(3_600_000).default(30_000),
  halfOpenMaxCalls: z.int().min(1).max(1_000).default(3),
  /** Upstream answer timeout for this service; null keeps the pod's `UPSTREAM_TIMEOUT_MS`. */
  timeoutMs: z.int().min(100).max(300_000).nullable().default(null),
  /** An operator's override every pod applies; null lets the breaker decide. */
  forced: z.enum(['OPEN', 'CLOSED']).nullable().default(null),
  /** When the override lapses by itself; null means it holds until changed. */
  forcedUntil: isoTimestamp.nullable().default(null),
  /** The last operator reset; a pod that sees a new value resets this breaker's counters. */
  resetAt: isoTimestamp.nullable().default(null),
});
export type BreakerPolicy = z.output<typeof breakerPolicySchema>;

export const policySettingsSchema = z.strictObject({
  rateLimits: rateLimitPolicySchema.prefault({}),
  breakers: z
    .strictObject({
      auth_service: breakerPolicySchema.prefault({}),
      app_service: breakerPolicySchema.prefault({}),
    })
    .prefault({}),
  /** Seconds per data type; a type left out keeps the pod's configured TTL. */
  cacheTtls: z.partialRecord(z.enum(dataTypes), z.int().min(0).max(86_400)).default({}),
});
export type PolicySettings = z.output<typeof policySettingsSchema>;
/** What an operator may send: the settings, each part optional. */
export type PolicySettingsInput = z.input<typeof policySettingsSchema>;

export const policyDocumentSchema = policySettingsSchema.extend({
  /** 0 is the built-in default that was never stored; each accepted change adds one. */
  version: z.int().min(0),
  updatedAt: isoTimestamp.nullable(),
  updatedBy: z.string().nullable(),
});
export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** Fields of a document that the server sets; accepted on input (a `get` round-trips) and ignored. */
export const policyMetaFields = ['version', 'updatedAt', 'updatedBy'] as const;

export const defaultPolicy = (): PolicyDocument => ({
  ...policySettingsSchema.parse({}),
  version: 0,
  updatedAt: null,
  updatedBy: null,
});
