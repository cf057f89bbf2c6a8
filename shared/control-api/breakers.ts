import { z } from 'zod';
import { breakerPolicySchema } from '../policy/schema.js';
import { breakerStateSchema, podBreakerSchema } from './pods.js';

/** Published by a pod on `bff:breaker` whenever one of its breakers changes state. */
export const breakerTransitionSchema = z.object({
  podId: z.string(),
  service: z.string(),
  from: breakerStateSchema,
  to: breakerStateSchema,
  at: z.string(),
});
export type BreakerTransition = z.output<typeof breakerTransitionSchema>;

export const clusterBreakerStateSchema = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'MIXED', 'UNKNOWN']);

export const breakerServiceViewSchema = z.object({
  /** The policy part for this service: settings and any operator override. */
  policy: breakerPolicySchema,
  pods: z.array(podBreakerSchema.extend({ podId: z.string() })),
  /** One state when every pod agrees, MIXED when they differ, UNKNOWN without pods. */
  summary: z.object({
    state: clusterBreakerStateSchema,
    closed: z.int(),
    open: z.int(),
    halfOpen: z.int(),
  }),
});

export const breakersResponseSchema = z.object({
  services: z.record(z.string(), breakerServiceViewSchema),
  /** Transitions control heard since it started, newest first (at most 100). */
  transitions: z.array(breakerTransitionSchema),
});
export type BreakersResponse = z.output<typeof breakersResponseSchema>;

export const breakerActions = ['open', 'close', 'reset'] as const;
export type BreakerAction = (typeof breakerActions)[number];

/** Body of `POST /v1/breakers/{service}/{action}`; optional, `ttlSeconds` only for open/close. */
export const breakerActionRequestSchema = z.strictObject({
  ttlSeconds: z
    .int()
    .min(1)
    .max(7 * 86_400)
    .optional(),
});

export const breakerActionResponseSchema = z.object({
  service: z.string(),
  action: z.enum(breakerActions),
  breaker: breakerPolicySchema,
  policyVersion: z.int(),
});
export type BreakerActionResponse = z.output<typeof breakerActionResponseSchema>;
