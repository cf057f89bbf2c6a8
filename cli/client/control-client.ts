import type { z } from 'zod';
import { type ControlEndpoint, controlApi, controlErrorSchema } from '../../shared/control-api/index.js';
import { serviceNames } from '../../shared/domain/names.js';
import { plural } from '../format/plural.js';
import {
  ControlFailureError,
  ControlUnreachableError,
  InvalidInputError,
  NotFoundError,
  UnauthorizedError,
} from './errors.js';

type Api = typeof controlApi;
export type EndpointName = keyof Api;
export type ResponseOf<E extends EndpointName> = z.output<Api[E]['response']>;

export interface ControlClientOptions {
  controlUrl: string;
  token?: string;
  /** Sent as `X-Operator`, so control records who changed the policy. */
  operator?: string;
  timeoutMs?: number;
}

interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
}

/** Why fetch failed, in words: Node reports the socket error as the `cause` of a TypeError. */
function unreachableReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
  };
  return (cause?.code && reasons[cause.code]) ?? (error instanceof Error ? error.message : String(error));
}

/** A typed client for control's admin API; every failure becomes a `ControlClientError`. */
export class ControlClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ControlClientOptions) {
    this.baseUrl = options.controlUrl.replace(/\/+$/, '');
  }

  get controlUrl(): string {
    return this.baseUrl;
  }

  async call<E extends EndpointName>(
    name: E,
    { params = {}, body }: CallOptions = {},
  ): Promise<ResponseOf<E>> {
    const endpoint: ControlEndpoint = controlApi[name];
    const path = endpoint.path.replace(/\{(\w+)\}/g, (_m, key: string) =>
      encodeURIComponent(params[key] ?? ''),
    );
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: endpoint.method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          ...(this.options.operator ? { 'x-operator': this.options.operator } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ControlUnreachableError(this.baseUrl, unreachableReason(error));
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw this.failure(response.status, payload, params, `${endpoint.method} ${path}`);
    const parsed = endpoint.response.safeParse(payload);
    if (!parsed.success) {
      throw new ControlFailureError(
        `Control answered ${endpoint.method} ${path} with a body this CLI does not understand; are both the same version?`,
      );
    }
    return parsed.data as ResponseOf<E>;
  }

  private failure(status: number, payload: unknown, params: Record<string, string>, request: string): Error {
    const parsed = controlErrorSchema.safeParse(payload);
    if (!parsed.success) {
      return new ControlFailureError(
        `${this.baseUrl} answered ${request} with ${status} and no control error; does --control-url point at control?`,
      );
    }
    const error = parsed.data;
    if (status === 401) return new UnauthorizedError(Boolean(this.options.token));
    if (error.error === 'unknown_service') {
      return new NotFoundError(
        `Control knows no service "${params.service}"; the services are ${serviceNames.join(', ')}.`,
      );
    }
    if (status === 404)
      return new NotFoundError(`Control has no ${request}; are the CLI and control the same version?`);
    if (status === 400) {
      const count = error.fields?.length ?? 0;
      const what = count === 0 ? error.message : `${plural(count, 'invalid field')}:`;
      return new InvalidInputError(`Control rejected the input and changed nothing; ${what}`, error.fields);
    }
    return new ControlFailureError(`Control failed (${status} ${error.error}): ${error.message}`);
  }
}
