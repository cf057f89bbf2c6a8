import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installed } from '../installed.js';
import type { HttpTarget, LoadShape } from './http1.js';
import type { LoadResult } from './latencies.js';

/** wrk prints its version and exits 1: being able to run it is what counts. */
export const wrkInstalled = installed('wrk', [0, 1]);

/**
 * HTTP/1.1 load with wrk (a C client on one thread: it leaves the load core idle where autocannon
 * would be busy). wrk counts whole seconds only, so a run lasts at least one.
 */
export async function runWrk(target: HttpTarget, shape: LoadShape): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const args = [
      '--threads=1',
      `--connections=${shape.connections}`,
      `--duration=${Math.max(1, Math.round(shape.seconds))}s`,
      '--latency',
      ...Object.entries(target.headers).map(([name, value]) => `--header=${name}: ${value}`),
    ];
    if (target.method !== 'GET' || target.body !== undefined) {
      const script = join(dir, 'request.lua');
      writeFileSync(script, requestScript(target.method, target.body, dir));
      args.push(`--script=${script}`);
    }
    return parseWrkOutput(await run('wrk', [...args, target.url]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sets the method and reads the body from a file, so no body needs quoting as Lua source. */
function requestScript(method: string, body: string | undefined, dir: string): string {
  const lines = [`wrk.method = "${method}"`];
  if (body !== undefined) {
    const file = join(dir, 'body');
    writeFileSync(file, body);
    lines.push(`local f = io.open("${file}", "rb")`, 'wrk.body = f:read("*a")', 'f:close()');
  }
  return `${lines.join('\n')}\n`;
}

const unitMs: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Reads wrk's summary (`--latency`): responses, duration, p50/p99 and what failed. */
export function parseWrkOutput(output: string): LoadResult {
  const total = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(output);
  if (!total) throw new Error(`wrk printed no summary: ${output}`);
  const seconds = (Number(total[2]) * (unitMs[total[3]] ?? 1000)) / 1000;
  const percentile = (p: number) => {
    const found = new RegExp(`^\\s+${p}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    return found ? Number(found[1]) * (unitMs[found[2]] ?? Number.NaN) : Number.NaN;
  };
  const failureKinds: Record<string, number> = {};
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  if (non2xx > 0) failureKinds['non-2xx'] = non2xx;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  if (errors > 0) failureKinds.error = errors;
  return {
    responses: Number(total[1]) - non2xx,
    failures: non2xx + errors,
    failureKinds,
    seconds,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
  };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
