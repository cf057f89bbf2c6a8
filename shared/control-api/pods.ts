import { z } from 'zod';
import { metricSummarySchema } from './metrics.js';

export const breakerStateSchema = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']);
export type BreakerState = z.output<typeof breakerStateSchema>;

/** One breaker on one pod, as the pod reports it. */
export const podBreakerSchema = z.object({
  state: breakerStateSchema,
  failures: z.number(),
  lastFailure: z.string().nullable(),
  forced: z.enum(['OPEN', 'CLOSED']).nullable(),
  forcedUntil: z.string().nullable(),
});
export type PodBreaker = z.output<typeof podBreakerSchema>;

/** The value of a pod's heartbeat key (`bff:pod:{podId}`), and one row of `GET /v1/pods`. */
export const podHeartbeatSchema = z.object({
  podId: z.string(),
  /** `host:port` the pod listens on. */
  address: z.string(),
  version: z.string(),
  started: z.string(),
  lastHeartbeat: z.string(),
  /** The policy version this pod has applied (0: its env defaults). */
  policyVersion: z.int(),
  /** Whether the pod's Redis connection is up (else: local rate limits, no shared cache). */
  redis: z.enum(['up', 'down']),
  breakers: z.record(z.string(), podBreakerSchema),
  metrics: metricSummarySchema,
});
export type PodHeartbeat = z.output<typeof podHeartbeatSchema>;

export const podsResponseSchema = z.object({ pods: z.array(podHeartbeatSchema) });
export type PodsResponse = z.output<typeof podsResponseSchema>;
