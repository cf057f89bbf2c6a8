import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installed } from '../installed.js';
import type { HttpTarget, LoadShape } from './http1.js';
import { Latencies, type LoadResult } from './latencies.js';

/** Streams each h2load client keeps in flight; `connections` is the total across clients. */
const streamsPerClient = 16;

export const h2loadInstalled = installed('h2load');

/**
 * h2c load with nghttp2's h2load (a C client: it does not become the bottleneck the way node's
 * own http2 client does). Latencies come from its per-request log, at microsecond precision.
 */
export async function runH2load(target: HttpTarget, shape: LoadShape): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-h2load-'));
  try {
    const log = join(dir, 'requests.tsv');
    const args = [
      shape.requests
        ? `--requests=${shape.requests}`
        : `--duration=${Math.max(1, Math.round(shape.seconds * 1000))}ms`,
      `--clients=${Math.max(1, Math.round(shape.connections / streamsPerClient))}`,
      `--max-concurrent-streams=${streamsPerClient}`,
      `--log-file=${log}`,
      ...Object.entries(target.headers).map(([name, value]) => `--header=${name}: ${value}`),
    ];
    if (target.body !== undefined) {
      writeFileSync(join(dir, 'body.json'), target.body);
      args.push(`--data=${join(dir, 'body.json')}`);
    }
    const output = await run('h2load', [...args, target.url]);
    const finished = /finished in ([\d.]+)(ms|s)/.exec(output);
    const seconds = finished ? Number(finished[1]) / (finished[2] === 'ms' ? 1000 : 1) : shape.seconds;
    return summarise(readFileSync(log, 'utf8'), seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each log line: start (µs since epoch), status, µs to the end of the response. */
function summarise(log: string, seconds: number): LoadResult {
  const latencies = new Latencies();
  const failureKinds: Record<string, number> = {};
  let failures = 0;
  for (const line of log.split('\n')) {
    const [, status, micros] = line.split('\t');
    if (status === undefined) continue;
    if (status.startsWith('2')) latencies.record(Number(micros) / 1000);
    else {
      failures += 1;
      failureKinds[status] = (failureKinds[status] ?? 0) + 1;
    }
  }
  const [p50Ms, p99Ms] = latencies.percentiles(50, 99);
  return { responses: latencies.count, failures, failureKinds, seconds, p50Ms, p99Ms };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
