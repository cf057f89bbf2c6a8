import { errors, Pool } from 'undici';
import type { UpstreamConfig } from '../config/index.js';
import type { ServiceName } from '../routes/table.js';

/**
 * Runs an upstream call under a protection policy (the circuit breaker). `isFailure` tells a
 * completed call that still counts against the upstream, e.g. a 5xx answer.
 */
export interface CallGuard {
  run<T>(call: GuardedCall<T>, isFailure: (result: T) => boolean): Promise<T>;
}

/**
 * A call a guard runs: a function, or an object whose `start` makes the call. The object form
 * lets the forwarding hot path hand over the per-request object it already has, not a closure.
 */
export type GuardedCall<T> = (() => Promise<T>) | { start(): Promise<T> };

export function startCall<T>(call: GuardedCall<T>): Promise<T> {
  return typeof call === 'function' ? call() : call.start();
}

export const unguarded: CallGuard = { run: startCall };

export interface PoolSettings {
  connections: number;
  connectTimeoutMs: number;
  timeoutMs: number;
}

/** One upstream service: its keep-alive pool, its address and the guard every call goes through. */
export class UpstreamService {
  readonly pool: Pool;
  readonly host: string;
  guard: CallGuard = unguarded;
  /** Time allowed for the answer's headers and between body chunks; the policy may change it live. */
  timeoutMs: number;

  constructor(
    readonly name: ServiceName,
    readonly config: UpstreamConfig,
    settings: PoolSettings,
  ) {
    const origin = new URL(config.url);
    this.host = origin.host;
    this.timeoutMs = settings.timeoutMs;
    this.pool = new Pool(origin.origin, {
      connections: settings.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: { timeout: settings.connectTimeoutMs },
    });
  }

  /** The full upstream path: API prefix, route path, and the raw query string when present. */
  path(routePath: string, query: string): string {
    return query ? `${this.config.prefix}${routePath}?${query}` : `${this.config.prefix}${routePath}`;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export type UpstreamFailure = 'timeout' | 'unavailable' | 'aborted' | 'payload_too_large';

/** Why an upstream call threw, in the gateway's terms (502, 504, or the client went away). */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  if (error instanceof BodyTooLargeError) return 'payload_too_large';
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return 'timeout';
  }
  if (error instanceof errors.RequestAbortedError) return 'aborted';
  const name = (error as { name?: string } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  return 'unavailable';
}

/** Connection failures that happened before the upstream could have seen a byte of the request. */
export function failedBeforeSending(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

export class BodyTooLargeError extends Error {
  readonly code = 'BFF_BODY_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export type Upstreams = Record<ServiceName, UpstreamService>;

export function createUpstreams(
  configs: Record<ServiceName, UpstreamConfig>,
  settings: PoolSettings,
): Upstreams {
  return {
    auth_service: new UpstreamService('auth_service', configs.auth_service, settings),
    app_service: new UpstreamService('app_service', configs.app_service, settings),
  };
}

/** Thrown by a guard that refuses a call without touching the network. */
export class CircuitOpenError extends Error {
  readonly code = 'BFF_CIRCUIT_OPEN';
  constructor(
    readonly service: ServiceName,
    readonly retryAfterS: number,
  ) {
    super(`circuit for ${service} is open`);
  }
}
