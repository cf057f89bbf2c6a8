import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
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
  return spawnServer(name, [...(launch.wrapper ?? []), ...node], env, launch.pinned, (child) =>
    readyPort(name, child, readyTimeoutMs(launch)),
  );
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
  return spawnServer(
    name,
    argv,
    {},
    launch.pinned,
    (child) => portAccepting(name, child, port, 20_000),
    launch.cleanup,
  );
}

async function spawnServer(
  name: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  pinned: boolean,
  ready: (child: ChildProcess) => Promise<number>,
  cleanup?: () => Promise<void>,
): Promise<ServerProcess> {
  const [command = process.execPath, ...commandArgs] = [...(pinned ? ['taskset', '-c', '0'] : []), ...argv];
  const started = performance.now();
  const childEnv = { PATH: process.env.PATH, ...env };
  const child = spawn(command, commandArgs, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await ready(child).catch(async (error: unknown) => {
    await exited;
    await cleanup?.();
    throw error;
  });
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
      await cleanup?.();
    },
  };
}

function readyPort(name: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error(`${name} not ready after ${timeoutMs / 1000} s: ${stderr}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const port = portIn(seen);
      if (port === undefined) return;
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.stdout?.resume();
      resolve(port);
    };
    const fail = (error: Error) => {
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${stderr}`));
    });
  });
}

/** Resolves with `port` once it accepts a connection; rejects when the child exits or time runs out. */
function portAccepting(name: string, child: ChildProcess, port: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    const deadline = performance.now() + timeoutMs;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      child.removeListener('exit', onExit);
      if (!error) {
        child.stdout?.resume();
        return resolve(port);
      }
      child.kill('SIGKILL');
      reject(error);
    };
    const onExit = (code: number | null) => settle(new Error(`${name} exited with ${code}: ${stderr}`));
    const attempt = () => {
      if (settled) return;
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        settle();
      });
      socket.once('error', () => {
        socket.destroy();
        if (performance.now() > deadline) settle(new Error(`${name} not accepting on ${port}: ${stderr}`));
        else setTimeout(attempt, 20);
      });
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', onExit);
    attempt();
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
