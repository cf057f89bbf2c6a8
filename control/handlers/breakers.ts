import type { Redis } from 'ioredis';
import {
  type BreakerAction,
  type BreakersResponse,
  breakerActionRequestSchema,
  breakerActions,
} from '../../shared/control-api/breakers.js';
import type { PodHeartbeat } from '../../shared/control-api/pods.js';
import { type ServiceName, serviceNames } from '../../shared/domain/names.js';
import type { BreakerPolicy } from '../../shared/policy/schema.js';
import { fieldProblems } from '../../shared/policy/validate.js';
import { livePods } from '../cluster/pods.js';
import type { ClusterEvents } from '../cluster/subscriptions.js';
import { ControlHttpError } from '../http/json.js';
import type { HandlerResult, RequestContext } from '../http/router.js';
import type { PolicyStore } from '../policy/store.js';

/** What each action does to the service's part of the policy, given an optional TTL. */
const actionEffects: Record<
  BreakerAction,
  (policy: BreakerPolicy, now: Date, ttlSeconds?: number) => BreakerPolicy
> = {
  open: (policy, now, ttl) => ({ ...policy, forced: 'OPEN', forcedUntil: until(now, ttl) }),
  close: (policy, now, ttl) => ({ ...policy, forced: 'CLOSED', forcedUntil: until(now, ttl) }),
  reset: (policy, now) => ({ ...policy, forced: null, forcedUntil: null, resetAt: now.toISOString() }),
};

const until = (now: Date, ttlSeconds?: number) =>
  ttlSeconds === undefined ? null : new Date(now.getTime() + ttlSeconds * 1000).toISOString();

const isService = (name: string): name is ServiceName => (serviceNames as readonly string[]).includes(name);

export function breakerHandlers(store: PolicyStore, redis: Redis, events: ClusterEvents) {
  return {
    list: async (): Promise<HandlerResult> => {
      const [policy, pods] = await Promise.all([store.read(), livePods(redis)]);
      const services: BreakersResponse['services'] = {};
      for (const service of serviceNames) {
        services[service] = { policy: policy.breakers[service], ...clusterView(service, pods) };
      }
      return { json: { services, transitions: [...events.transitions] } satisfies BreakersResponse };
    },

    act: async (ctx: RequestContext): Promise<HandlerResult> => {
      const [service, action] = ctx.params;
      if (!isService(service)) throw new ControlHttpError('unknown_service', { service });
      const parsed = breakerActionRequestSchema.safeParse((await ctx.body()) ?? {});
      if (!parsed.success)
        throw new ControlHttpError('validation_failed', { fields: fieldProblems(parsed.error) });
      const ttlSeconds = parsed.data.ttlSeconds;
      if (action === 'reset' && ttlSeconds !== undefined) {
        throw new ControlHttpError('validation_failed', {
          fields: [{ path: 'ttlSeconds', reason: 'only open and close take a TTL' }],
        });
      }
      const effect = actionEffects[action as BreakerAction];
      const result = await store.update(
        ctx.operator,
        ({ version: _v, updatedAt: _a, updatedBy: _b, ...settings }) => ({
          ok: true,
          settings: {
            ...settings,
            breakers: {
              ...settings.breakers,
              [service]: effect(settings.breakers[service], new Date(), ttlSeconds),
            },
          },
        }),
      );
      if (!result.ok) throw new ControlHttpError('validation_failed', { fields: result.problems });
      return {
        json: {
          service,
          action,
          breaker: result.policy.breakers[service],
          policyVersion: result.policy.version,
        },
      };
    },
  };
}

export const breakerActionPattern = new RegExp(`^/v1/breakers/([^/]+)/(${breakerActions.join('|')})$`);

function clusterView(service: string, pods: readonly PodHeartbeat[]) {
  const rows = pods.flatMap((pod) => {
    const breaker = pod.breakers[service];
    return breaker ? [{ podId: pod.podId, ...breaker }] : [];
  });
  const count = (state: string) => rows.filter((row) => row.state === state).length;
  const closed = count('CLOSED');
  const open = count('OPEN');
  const halfOpen = count('HALF_OPEN');
  const states = new Set(rows.map((row) => row.state));
  const state = rows.length === 0 ? 'UNKNOWN' : states.size > 1 ? 'MIXED' : rows[0].state;
  return { pods: rows, summary: { state, closed, open, halfOpen } } as const;
}
