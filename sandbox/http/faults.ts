/**
 * Knobs that make a sandbox service slow or broken on purpose, so gateway tests can exercise
 * timeouts, breakers and partial aggregates against a real HTTP server. Set through
 * `PUT /__sandbox/faults` on either service, or `SANDBOX_LATENCY_MS` / `SANDBOX_FAIL_STATUS` at start.
 */
export interface FaultSettings {
  /** Added to every response, in milliseconds. */
  latencyMs: number;
  /** When non-zero, matching requests get this status with a JSON error body. */
  failStatus: number;
  /** Only requests whose path starts with one of these are affected; empty means all. */
  paths: string[];
  /** `reset` destroys the socket instead of answering; `hang` never answers. */
  mode: 'status' | 'reset' | 'hang';
}

export const noFaults: FaultSettings = { latencyMs: 0, failStatus: 0, paths: [], mode: 'status' };

export function faultsFromEnv(env: NodeJS.ProcessEnv): FaultSettings {
  return {
    ...noFaults,
    latencyMs: Number(env.SANDBOX_LATENCY_MS ?? 0) || 0,
    failStatus: Number(env.SANDBOX_FAIL_STATUS ?? 0) || 0,
  };
}

export function parseFaults(body: Record<string, unknown>): FaultSettings {
  const mode = body.mode === 'reset' || body.mode === 'hang' ? body.mode : 'status';
  return {
    latencyMs: typeof body.latencyMs === 'number' && body.latencyMs >= 0 ? body.latencyMs : 0,
    failStatus: typeof body.failStatus === 'number' ? body.failStatus : 0,
    paths: Array.isArray(body.paths) ? body.paths.filter((p): p is string => typeof p === 'string') : [],
    mode,
  };
}

export function faultApplies(settings: FaultSettings, path: string): boolean {
  return settings.paths.length === 0 || settings.paths.some((prefix) => path.startsWith(prefix));
}
