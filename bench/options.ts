import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds each scenario runs per round. */
  seconds: number;
  rounds: number;
  /** Seconds of unmeasured load per scenario before the first round (JIT, pools, caches). */
  warmupSeconds: number;
  connections: number;
  /** Scenario ids to run; empty means all. */
  only: string[];
  smoke: boolean;
  /** Absolute path of another build's `dist`, run side by side as the baseline rows. */
  baseline?: string;
  /** Drive HTTP/1.1 with autocannon even where wrk is installed. */
  autocannon: boolean;
}

const usage = `npm run bench -- [--duration <s>] [--rounds <n>] [--connections <n>] [--only id,id]
                     [--baseline <dist>] [--autocannon] [--smoke]
  --duration     seconds per scenario per round (default 10)
  --rounds       interleaved rounds; the table shows medians (default 3)
  --connections  concurrent connections of the load generator (default 50)
  --only         run only these scenario ids (direct, bare, fastify, express, nginx, floor, hit_floor, pass,
                 memory, redis, post, aggregate, h2c, direct_1k, fastify_1k, floor_1k, pass_1k; with --baseline
                 also <id>_baseline); peers are still started when needed; nginx's row is skipped
                 where nginx is not installed
  --baseline     another build's dist directory: adds its rows of the plain, memory and Redis
                 proxies to the same rounds (a before/after comparison on a noisy machine)
  --autocannon   drive the HTTP/1.1 rows with autocannon even where wrk is installed
  --smoke        a short run that only proves the benchmark works (used by the test suite)`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      only: { type: 'string', default: '' },
      smoke: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      autocannon: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const seconds = positive('duration', values.duration);
  const only = values.only.split(',').filter(Boolean);
  const baseline = values.baseline ? resolve(values.baseline) : undefined;
  const { autocannon } = values;
  if (values.smoke)
    return {
      seconds: 0.15,
      rounds: 1,
      warmupSeconds: 0,
      connections: 10,
      only,
      smoke: true,
      baseline,
      autocannon,
    };
  return {
    seconds,
    rounds: Math.round(positive('rounds', values.rounds)),
    warmupSeconds: Math.min(3, seconds),
    connections: Math.round(positive('connections', values.connections)),
    only,
    smoke: false,
    baseline,
    autocannon,
  };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive number\n${usage}\n`);
    process.exit(2);
  }
  return value;
}
