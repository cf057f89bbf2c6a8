import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Where the built entry points live: this file is `dist/bench/processes.js`. */
export const distPath = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export const cores = availableParallelism();

/**
 * Core pinning: servers on core 0, the load generator (this process) on core 1, so the two
 * sides do not steal each other's CPU. Pins this process and says whether servers should be
 * pinned too; not without `taskset` or a second core.
 */
export function pinLoadGenerator(): boolean {
  if (cores < 2) return false;
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time in microseconds: in the process's own code, and in the kernel on its behalf. */
export interface CpuTimes {
  user: number;
  system: number;
}

export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** The environment it runs with (valgrind's control pipes are named after its USER and HOST). */
  readonly env: NodeJS.ProcessEnv;
  /** Spawn to ready, milliseconds. */
  readonly startupMs: number;
  /** The CPU time the process has used so far, microseconds. */
  cpuTimes(): CpuTimes;
  /** Peak resident set size so far (VmHWM), MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** How a server process is started: pinned to core 0, or run under a wrapper such as valgrind. */
export interface LaunchOptions {
  pinned: boolean;
  /** A command and its arguments that run node, e.g. `['valgrind', '--tool=callgrind']`. */
  wrapper?: readonly string[];
  /** Flags for node itself, before the script. */
  nodeFlags?: readonly string[];
}

/** A server under valgrind starts some ten times slower than on its own. */
const readyTimeoutMs = (launch: LaunchOptions) => (launch.wrapper ? 120_000 : 20_000);

/**
 * Starts a built server and waits for it to announce its port: a `{"ready":port}` line (the
 * peers) or the proxy's `proxy listening` log line. Its stdout is then drained unread, as a log
 * shipper would, so logging costs what it costs in production.
 */
export function startServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  launch: LaunchOptions,
): Promise<ServerProcess> {
  const node = [
    process.execPath,
    ...(launch.nodeFlags ?? []),
    isAbsolute(script) ? script : distPath(script),
  ];
  return spawnServer(name, [...(launch.wrapper ?? []), ...node], env, launch.pinned, {
    timeoutMs: readyTimeoutMs(launch),
    ready: portAnnounced,
  });
}

/**
 * Starts a server that is not node (nginx) on a port chosen for it, ready once that port accepts
 * a connection; `cleanup` runs after it exits.
 */
export function startCommand(
  name: string,
  argv: readonly string[],
  port: number,
  launch: { pinned: boolean; cleanup?: () => Promise<void> },
): Promise<ServerProcess> {
  return spawnServer(name, argv, {}, launch.pinned, {
    timeoutMs: 20_000,
    ready: (_child, signal) => portAccepting(port, signal),
    cleanup: launch.cleanup,
  });
}

interface Readiness {
  timeoutMs: number;
  /** Resolves with the port once the server serves; stops looking when `signal` aborts. */
  ready: (child: ChildProcess, signal: AbortSignal) => Promise<number>;
  /** Runs once the process has exited, whether it stopped or never became ready. */
  cleanup?: () => Promise<void>;
}

async function spawnServer(
  name: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  pinned: boolean,
  readiness: Readiness,
): Promise<ServerProcess> {
  const [command = process.execPath, ...commandArgs] = [...(pinned ? ['taskset', '-c', '0'] : []), ...argv];
  const started = performance.now();
  const childEnv = { PATH: process.env.PATH, ...env };
  const child = spawn(command, commandArgs, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await readyOrFailed(name, child, exited, readiness, () => stderr).catch(
    async (error: unknown) => {
      child.kill('SIGKILL');
      await exited;
      await readiness.cleanup?.();
      throw error;
    },
  );
  child.stdout?.resume();
  const startupMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    name,
    pid,
    url: `http://127.0.0.1:${port}`,
    env: childEnv,
    startupMs,
    cpuTimes: () => cpuTimes(pid),
    peakRssMiB: () => peakRssMiB(pid),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await readiness.cleanup?.();
    },
  };
}

/** The server's port once it is ready; rejects, with what it wrote to stderr, when it exits first or time runs out. */
async function readyOrFailed(
  name: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  { timeoutMs, ready }: Readiness,
  stderr: () => string,
): Promise<number> {
  const looking = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs / 1000} s: ${stderr()}`)),
      timeoutMs,
    );
    exited.then((code) => reject(new Error(`${name} exited with ${code}: ${stderr()}`)));
  });
  try {
    return await Promise.race([ready(child, looking.signal), failed]);
  } finally {
    clearTimeout(timer);
    looking.abort();
  }
}

/** The port a node server prints once it listens (see `portIn`). */
function portAnnounced(child: ChildProcess, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    let seen = '';
    const stop = () => child.stdout?.removeListener('data', onData);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const port = portIn(seen);
      if (port === undefined) return;
      stop();
      resolve(port);
    };
    signal.addEventListener('abort', stop, { once: true });
    child.stdout?.on('data', onData);
  });
}

/** `port` once it accepts a connection, trying every 20 ms until `signal` aborts. */
async function portAccepting(port: number, signal: AbortSignal): Promise<number> {
  while (!(await accepts(port))) await sleep(20, undefined, { signal });
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function portIn(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as { ready?: number; port?: number; msg?: string };
      if (typeof parsed.ready === 'number') return parsed.ready;
      if (parsed.msg === 'proxy listening' && typeof parsed.port === 'number') return parsed.port;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return undefined;
}

/** utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name). */
function cpuTimes(pid: number): CpuTimes {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const micros = (ticks: string | undefined) => (Number(ticks) / clockTicks) * 1e6;
    return { user: micros(fields[11]), system: micros(fields[12]) };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
