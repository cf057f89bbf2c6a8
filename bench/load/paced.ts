import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool } from 'undici';
import type { HttpTarget, LoadShape } from './http1.js';
import { Latencies, type LoadResult } from './latencies.js';

/**
 * Open-loop load at a steady rate: requests leave on a schedule, one every 1/rate seconds,
 * whether or not earlier ones have come back. autocannon's rate limit sends each second's quota
 * as a burst, so a slower server's latency there is mostly the burst queueing behind itself;
 * this measures what a request costs at that rate.
 */
export async function runPaced(target: HttpTarget, shape: LoadShape & { rate: number }): Promise<LoadResult> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: shape.connections, pipelining: 1 });
  const latencies = new Latencies();
  const failureKinds: Record<string, number> = {};
  let failures = 0;
  const fail = (kind: string) => {
    failures += 1;
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  };
  const request: Dispatcher.RequestOptions = {
    method: target.method,
    path: url.pathname + url.search,
    headers: target.headers,
    body: target.body,
  };
  const send = async () => {
    const sentAt = performance.now();
    try {
      const response = await pool.request(request);
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300)
        latencies.record(performance.now() - sentAt);
      else fail(String(response.statusCode));
    } catch {
      fail('error');
    }
  };

  const inFlight: Promise<void>[] = [];
  const intervalMs = 1000 / shape.rate;
  const started = performance.now();
  const endAt = started + shape.seconds * 1000;
  let sent = 0;
  for (let now = started; now < endAt; now = performance.now()) {
    const due = Math.floor((now - started) / intervalMs) + 1;
    while (sent < due) {
      sent += 1;
      inFlight.push(send());
    }
    await sleep(Math.max(0, intervalMs - ((now - started) % intervalMs)));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const [p50Ms, p99Ms] = latencies.percentiles(50, 99);
  return { responses: latencies.count, failures, failureKinds, seconds, p50Ms, p99Ms };
}
