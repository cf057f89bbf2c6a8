import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from '../processes.js';
import { type Scenario, type ServerRole, scenarios, withBaselines } from '../scenarios.js';
import { redisAnswers, redisUrl, type Servers, skipReason, startServers, stopServers } from '../servers.js';
import { benchAccessToken } from '../target.js';
import { callgrindLaunch, perfMapFile, valgrindInstalled } from './callgrind.js';
import { countScenario } from './measure.js';
import type { CountOptions } from './options.js';
import { parseCountOptions } from './options.js';
import { BundleModules } from './origin.js';
import { PerfMap } from './perf-map.js';
import { type CountedRow, instructionsTable, originTable, profileTable } from './report.js';

/**
 * Rows a count can take: full speed (HTTP/1.1 or h2c), against a node server started under
 * valgrind (nginx's instructions would be counted without node's names for them).
 */
const countable = (scenario: Scenario) =>
  !scenario.rate && scenario.server !== 'upstream' && scenario.server !== 'nginx';

/** Reads each JavaScript file named in a perf map once, for its bundle's module comments. */
function bundleReader(): (file: string) => BundleModules | undefined {
  const read = new Map<string, BundleModules | undefined>();
  return (file) => {
    if (!read.has(file)) {
      try {
        read.set(file, new BundleModules(readFileSync(fileURLToPath(file), 'utf8')));
      } catch {
        read.set(file, undefined);
      }
    }
    return read.get(file);
  };
}

async function countAll(
  chosen: Scenario[],
  servers: Servers,
  redisUp: boolean,
  options: CountOptions,
  outputDirectory: string,
) {
  const token = await benchAccessToken();
  const modulesOf = bundleReader();
  const dumpsOf = new Map<ServerProcess, number>();
  const rows: CountedRow[] = [];
  for (const scenario of chosen) {
    const server = servers[scenario.server];
    if (!server) {
      rows.push({ scenario, windows: [], skipped: skipReason(scenario.server, redisUp) });
      continue;
    }
    const plan = { ...options, outputDirectory };
    const windows = await countScenario(scenario, server, token, plan, dumpsOf.get(server) ?? 0);
    dumpsOf.set(server, (dumpsOf.get(server) ?? 0) + windows.length);
    const perfMap = new PerfMap(await readFile(perfMapFile(server), 'utf8'));
    rows.push({ scenario, windows, naming: { perfMap, modulesOf } });
  }
  return rows;
}

function print(rows: CountedRow[], options: CountOptions): void {
  const gateway = rows.filter((row) => /^(proxy|baseline)/.test(row.scenario.server) && !row.skipped);
  const sections = [
    `goalixa-bff instruction counts — node ${process.version}, valgrind callgrind (user-space instructions); ` +
      `${options.warmupRequests} warm-up requests, then ${options.windows} window(s) of ${options.windowRequests} ` +
      `over ${options.connections} connections`,
    instructionsTable(rows),
    'Where the instructions of each gateway scenario go, per request (median window):',
    originTable(gateway),
    ...(options.profile > 0 ? gateway.map((row) => profileTable(row, options.profile)) : []),
  ];
  process.stdout.write(`${sections.join('\n\n')}\n`);
}

async function main(): Promise<void> {
  const options = parseCountOptions(process.argv.slice(2));
  if (!valgrindInstalled) {
    process.stderr.write(
      'bench:instructions needs valgrind (Debian package valgrind); it is not installed\n',
    );
    process.exit(1);
  }
  const all = (options.baseline ? withBaselines(scenarios) : scenarios).filter(countable);
  const chosen = all.filter((s) => options.only.length === 0 || options.only.includes(s.id));
  const roles = new Set<ServerRole>(chosen.map((s) => s.server));
  const redisUp = roles.has('proxy_redis_cache') && (await redisAnswers(redisUrl));
  const outputDirectory = await mkdtemp(join(tmpdir(), 'goalixa-callgrind-'));
  const measured = callgrindLaunch(outputDirectory);
  const servers = await startServers(roles, redisUp, { pinned: false, baseline: options.baseline, measured });
  try {
    print(await countAll(chosen, servers, redisUp, options, outputDirectory), options);
  } finally {
    await stopServers(servers);
    const perfMaps = Object.values(servers).map(
      (server) => server && rm(perfMapFile(server), { force: true }),
    );
    await Promise.all([...perfMaps, rm(outputDirectory, { recursive: true, force: true })]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:instructions failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
