import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyProcess, startProxyProcess } from './harness/processes.js';
import { familySamples, scrape } from './harness/prometheus.js';

/**
 * A log reader that stops taking the proxy's stdout (a stalled log collector): the proxy must
 * keep answering with its log output held to LOG_BUFFER_MAX_BYTES, drop and count the lines
 * beyond it, and say so once the reader catches up. Before the bound, this held every line in
 * memory: ~45 MiB more every 5 s at full speed, until the pod is killed for it.
 */
const requests = 3_000;

let proxy: ProxyProcess;
let pool: Pool;
const statuses = new Map<number, number>();

async function send(count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const { statusCode, body } = await pool.request({
        method: 'GET',
        path: `/bff/app/no-such-route-${next}`,
      });
      await body.dump();
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}

function droppedLinesMetric(samples: ReturnType<typeof familySamples>): number {
  return samples.reduce((sum, sample) => sum + sample.value, 0);
}

function warnedDrops(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"droppedLines"'))
    .map((line) => (JSON.parse(line) as { droppedLines: number }).droppedLines);
}

beforeAll(async () => {
  proxy = await startProxyProcess({ LOG_BUFFER_MAX_BYTES: '65536' });
  pool = new Pool(proxy.url, { connections: 10 });
  proxy.child.stdout?.pause();
  await send(requests);
});

afterAll(async () => {
  await pool?.close();
  await proxy?.stop();
});

describe('a proxy whose stdout reader stalls', () => {
  it('answers every request while its log output cannot be written', () => {
    expect(statuses).toEqual(new Map([[404, requests]]));
  });

  it('drops the access-log lines beyond the buffer and counts them in bff_log_lines_dropped_total', async () => {
    const dropped = droppedLinesMetric(familySamples(await scrape(proxy.url), 'bff_log_lines_dropped_total'));
    // The pipe and the 64 KiB buffer hold a few hundred ~250-byte lines; the rest must go.
    expect(dropped).toBeGreaterThan(requests / 2);
    expect(dropped).toBeLessThanOrEqual(requests + 1);
  });

  it('says in a warning how many lines it dropped once the reader catches up, and logs again', async () => {
    proxy.child.stdout?.resume();
    const deadline = Date.now() + 5_000;
    let warned = 0;
    let metric = -1;
    while (warned !== metric && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      metric = droppedLinesMetric(familySamples(await scrape(proxy.url), 'bff_log_lines_dropped_total'));
      warned = warnedDrops(proxy.output()).reduce((sum, count) => sum + count, 0);
    }
    expect(metric).toBeGreaterThan(0);
    expect(warned).toBe(metric);

    await send(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lastLines = proxy.output().trim().split('\n').slice(-5);
    expect(lastLines.every((line) => line.includes('"status":404'))).toBe(true);
  });
});
