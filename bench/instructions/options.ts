import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface CountOptions {
  warmupRequests: number;
  windowRequests: number;
  windows: number;
  connections: number;
  /** Scenario ids to count; empty means every scenario at full speed. */
  only: string[];
  /** Costliest functions listed per gateway scenario; 0 lists none. */
  profile: number;
  baseline?: string;
  smoke: boolean;
}

const usage = `npm run bench:instructions -- [--requests <n>] [--windows <n>] [--warmup <n>] [--connections <n>]
                                  [--only id,id] [--profile <n>] [--baseline <dist>] [--smoke]
Counts the instructions each server executes per request under valgrind's callgrind: user
space only, and nearly the same from run to run on a noisy host, unlike CPU time.
  --requests     requests per counted window (default 3000)
  --windows      counted windows per scenario; the table shows their median (default 5)
  --warmup       requests before the first window, for the JIT to settle (default 20000)
  --connections  concurrent connections of the load generator (default 8)
  --only         count only these scenario ids (bare, fastify, express, floor, hit_floor, pass, memory,
                 redis, post, aggregate, h2c; with --baseline also <id>_baseline); peers are still started
                 when needed
  --profile      list the n costliest functions of each gateway scenario (default 20; 0 for none)
  --baseline     another build's dist directory, counted side by side
  --smoke        a short run that only proves the count works (used by the test suite)`;

export function parseCountOptions(argv: string[]): CountOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: 'string', default: '3000' },
      windows: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '20000' },
      connections: { type: 'string', default: '8' },
      only: { type: 'string', default: '' },
      profile: { type: 'string', default: '20' },
      baseline: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const options: CountOptions = {
    warmupRequests: count('warmup', values.warmup, 0),
    windowRequests: count('requests', values.requests, 1),
    windows: count('windows', values.windows, 1),
    connections: count('connections', values.connections, 1),
    only: values.only.split(',').filter(Boolean),
    profile: count('profile', values.profile, 0),
    baseline: values.baseline ? resolve(values.baseline) : undefined,
    smoke: values.smoke,
  };
  if (!values.smoke) return options;
  return { ...options, warmupRequests: 300, windowRequests: 100, windows: 1, profile: 5 };
}

function count(name: string, text: string, least: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    process.stderr.write(`--${name} must be a whole number of at least ${least}\n${usage}\n`);
    process.exit(2);
  }
  return value;
}
