import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { installed } from '../installed.js';
import type { LaunchOptions, ServerProcess } from '../processes.js';

const run = promisify(execFile);

export const valgrindInstalled = installed('valgrind');

/**
 * Each measured server runs under callgrind with collection off until a window opens, and node
 * writes its perf map so JIT code can be named. callgrind counts user-space instructions only:
 * the same build serving the same requests counts nearly the same, whatever else the host does.
 */
export function callgrindLaunch(outputDirectory: string): Pick<LaunchOptions, 'wrapper' | 'nodeFlags'> {
  return {
    wrapper: [
      'valgrind',
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${outputDirectory}/callgrind.out.%p`,
    ],
    // --perf-basic-prof also writes V8's code log, by default into the working directory.
    nodeFlags: ['--perf-basic-prof', `--logfile=${outputDirectory}/v8.log`],
  };
}

/** The dump files a server's windows wrote, in order: callgrind numbers them `.1`, `.2`, … */
export const dumpFile = (outputDirectory: string, server: ServerProcess, window: number) =>
  `${outputDirectory}/callgrind.out.${server.pid}.${window}`;

export const perfMapFile = (server: ServerProcess) => `/tmp/perf-${server.pid}.map`;

/**
 * Sends callgrind monitor commands through vgdb. valgrind names its control pipes after the USER
 * and HOST of its environment, so vgdb must see the server's own values (the proxy's HOST is its
 * listen address, not the machine's name).
 */
export async function monitor(server: ServerProcess, ...commands: string[]): Promise<void> {
  const args = [
    `--pid=${server.pid}`,
    ...commands.flatMap((command, i) => (i === 0 ? [command] : ['-c', command])),
  ];
  const { PATH, USER, LOGNAME, HOST } = server.env;
  await run('vgdb', args, { env: { PATH, USER, LOGNAME, HOST }, timeout: 60_000 });
}
