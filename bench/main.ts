import { cpus } from 'node:os';
import { SignJWT } from 'jose';
import { runHttp1 } from './load/http1.js';
import { runHttp2 } from './load/http2.js';
import type { LoadResult } from './load/latencies.js';
import { type BenchOptions, parseOptions } from './options.js';
import { cores, pinLoadGenerator } from './processes.js';
import { median, type Row, table, targetLines, targets } from './report.js';
import { type Scenario, type ServerRole, scenarios } from './scenarios.js';
import { benchSecret, redisAnswers, redisUrl, type Servers, startServers, stopServers } from './servers.js';

/** The bench user: a valid access token, as Auth would issue it, for user 900001. */
async function accessToken(): Promise<string> {
  return new SignJWT({ type: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('900001')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(benchSecret));
}

interface Measured {
  load: LoadResult;
  cpuMicros: number;
}

async function measure(
  scenario: Scenario,
  servers: Servers,
  token: string,
  options: BenchOptions,
  seconds: number,
): Promise<Measured> {
  const server = servers[scenario.server];
  if (!server) throw new Error(`no server for ${scenario.id}`);
  const target = {
    url: `${server.url}${scenario.path}`,
    method: scenario.method,
    headers: {
      accept: 'application/json',
      ...(scenario.body ? { 'content-type': 'application/json' } : {}),
      ...(scenario.authenticated ? { cookie: `goalixa_access=${token}` } : {}),
    },
    body: scenario.body,
  };
  const shape = { seconds, connections: scenario.connections ?? options.connections, rate: scenario.rate };
  const cpuBefore = server.cpuMicros();
  const load = scenario.protocol === 'h2c' ? await runHttp2(target, shape) : await runHttp1(target, shape);
  return { load, cpuMicros: server.cpuMicros() - cpuBefore };
}

function summarise(scenario: Scenario, runs: Measured[], servers: Servers): Row {
  const responses = runs.reduce((sum, run) => sum + run.load.responses, 0);
  const cpu = runs.reduce((sum, run) => sum + run.cpuMicros, 0);
  return {
    scenario,
    rps: median(runs.map((run) => run.load.responses / run.load.seconds)),
    p50Ms: median(runs.map((run) => run.load.p50Ms)),
    p99Ms: median(runs.map((run) => run.load.p99Ms)),
    cpuMicrosPerRequest: cpu / responses,
    peakRssMiB: servers[scenario.server]?.peakRssMiB() ?? Number.NaN,
    failures: runs.reduce((sum, run) => sum + run.load.failures, 0),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const chosen = scenarios.filter((s) => options.only.length === 0 || options.only.includes(s.id));
  const roles = new Set<ServerRole>(chosen.map((s) => s.server));
  const redisUp = roles.has('proxy_redis_cache') && (await redisAnswers(redisUrl));
  const token = await accessToken();
  // A smoke run proves the bench works; it skips pinning so its servers can start on both cores.
  const pinning = !options.smoke && pinLoadGenerator();
  const servers = await startServers(roles, redisUp, pinning);
  try {
    const runnable = chosen.filter((s) => servers[s.server]);
    for (const scenario of options.warmupSeconds > 0 ? runnable : [])
      await measure(scenario, servers, token, options, options.warmupSeconds);
    const runs = new Map<Scenario, Measured[]>(runnable.map((s) => [s, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of runnable)
        runs.get(scenario)?.push(await measure(scenario, servers, token, options, options.seconds));
    }
    const rows = chosen.map((scenario) => {
      const measured = runs.get(scenario);
      if (measured) return summarise(scenario, measured, servers);
      return {
        scenario,
        rps: Number.NaN,
        p50Ms: Number.NaN,
        p99Ms: Number.NaN,
        cpuMicrosPerRequest: Number.NaN,
        peakRssMiB: Number.NaN,
        failures: 0,
        skipped: `Redis not answering at ${redisUrl}`,
      };
    });
    const proxies = Object.entries(servers).filter(([role]) => role.startsWith('proxy'));
    process.stdout.write(
      [
        `goalixa-bff benchmark — node ${process.version}, ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
          `${pinning ? 'servers pinned to core 0, load generator to core 1' : 'no core pinning'}; ` +
          `${options.rounds} round(s) × ${options.seconds} s per scenario, ${options.connections} connections, medians shown`,
        '',
        table(rows),
        '',
        `start-up to ready: ${proxies.map(([, p]) => `${p?.name} ${Math.round(p?.startupMs ?? 0)} ms`).join(', ')}`,
        '',
        targetLines(
          targets(
            rows,
            proxies.map(([, p]) => p?.startupMs ?? Number.NaN),
          ),
        ),
        '',
      ].join('\n'),
    );
  } finally {
    await stopServers(servers);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
