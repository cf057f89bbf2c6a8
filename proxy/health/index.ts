import type { Upstreams } from '../forward/upstream.js';
import { sendError, sendJson } from '../http/respond.js';
import type { Exchange } from '../pipeline/exchange.js';

export const serviceName = 'Goalixa BFF';

/** A dependency `/health/deep` probes besides the upstreams (Redis, when enabled). */
export type DependencyProbe = () => Promise<void>;

interface ProbeResult {
  status: 'up' | 'down';
  latency_ms: number;
  status_code?: number;
  error?: string;
}

/** Liveness, readiness and the deep check (CONTRACT §6.1, with the fixes of §9 P2 and C3). */
export class HealthEndpoints {
  readonly #started = Date.now();
  ready = false;

  constructor(
    private readonly version: string,
    private readonly upstreams: Upstreams,
    private readonly timeoutMs: number,
    private readonly probes: Record<string, DependencyProbe> = {},
  ) {}

  root(ex: Exchange): void {
    sendJson(ex, 200, {
      service: serviceName,
      version: this.version,
      status: 'running',
      endpoints: {
        health: '/health',
        docs: '/docs',
        auth: '/bff/auth/*',
        app: '/bff/app/*',
        aggregate: '/bff/aggregate/*',
        metrics: '/metrics',
      },
    });
  }

  health(ex: Exchange): void {
    sendJson(ex, 200, {
      status: 'healthy',
      service: serviceName,
      version: this.version,
      uptime_seconds: Math.round((Date.now() - this.#started) / 1000),
    });
  }

  liveness(ex: Exchange): void {
    sendJson(ex, 200, { status: 'alive', service: serviceName });
  }

  readiness(ex: Exchange): void {
    if (this.ready) sendJson(ex, 200, { status: 'ready', service: serviceName });
    else sendError(ex, 'not_ready', { request_id: ex.requestId });
  }

  /** Probes every dependency in parallel, each with a short timeout; 200 only when all are up. */
  async deep(ex: Exchange): Promise<void> {
    const entries = [
      ...Object.values(this.upstreams).map(
        (service) => [service.name, () => this.#probeUpstream(service.name)] as const,
      ),
      ...Object.entries(this.probes).map(
        ([name, probe]) => [name, () => timed(probe, this.timeoutMs)] as const,
      ),
    ];
    const results = await Promise.all(entries.map(([, run]) => run()));
    const checks = Object.fromEntries(entries.map(([name], i) => [name, results[i]]));
    const healthy = results.every((result) => result.status === 'up');
    sendJson(ex, healthy ? 200 : 503, {
      status: healthy ? 'healthy' : 'degraded',
      service: serviceName,
      checks,
    });
  }

  async #probeUpstream(name: keyof Upstreams): Promise<ProbeResult> {
    const service = this.upstreams[name];
    const started = performance.now();
    try {
      const response = await service.pool.request({
        method: 'GET',
        path: '/health',
        headers: { host: service.host },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body.dump();
      const latency_ms = elapsed(started);
      const up = response.statusCode >= 200 && response.statusCode < 300;
      return { status: up ? 'up' : 'down', latency_ms, status_code: response.statusCode };
    } catch (error) {
      return { status: 'down', latency_ms: elapsed(started), error: (error as Error).name };
    }
  }
}

async function timed(probe: DependencyProbe, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { status: 'up', latency_ms: elapsed(started) };
  } catch (error) {
    return { status: 'down', latency_ms: elapsed(started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
