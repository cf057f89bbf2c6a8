import autocannon from 'autocannon';
import { Latencies, type LoadResult } from './latencies.js';

export interface HttpTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadShape {
  seconds: number;
  connections: number;
  /** Fixed total request rate, paced (see paced.ts); absent means as fast as the target answers. */
  rate?: number;
  /** A fixed number of requests instead of `seconds` (autocannon, h2load and node's HTTP/2 client; not wrk). */
  requests?: number;
}

/** Drives HTTP/1.1 load with autocannon in this process (pinned to the load core). */
export function runHttp1(target: HttpTarget, shape: LoadShape): Promise<LoadResult> {
  const latencies = new Latencies();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: shape.connections,
        pipelining: 1,
        ...(shape.requests ? { amount: shape.requests } : { duration: shape.seconds }),
      },
      (error: Error | null, result) => {
        if (error) {
          reject(error);
          return;
        }
        const [p50Ms, p99Ms] = latencies.percentiles(50, 99);
        const failureKinds: Record<string, number> = {};
        for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
          if (!code.startsWith('2')) failureKinds[code] = stats.count ?? 0;
        if (result.errors > 0) failureKinds.error = result.errors;
        resolve({
          responses: latencies.count,
          failures: result.non2xx + result.errors,
          failureKinds,
          seconds: result.duration,
          p50Ms,
          p99Ms,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.record(responseTime);
    });
  });
}
