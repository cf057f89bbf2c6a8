import { cpus } from 'node:os';
import { SignJWT } from 'jose';
import { h2loadInstalled } from './load/h2load.js';
import { wrkInstalled } from './load/wrk.js';
import { parseOptions } from './options.js';
import { cores, pinLoadGenerator } from './processes.js';
import { failureLines, table, targetLines, targets } from './report.js';
import { runRounds } from './rounds.js';
import { baselineScenarios, type Scenario, type ServerRole, scenarios } from './scenarios.js';
import { benchSecret, redisAnswers, redisUrl, startServers, stopServers } from './servers.js';

/** The bench user: a valid access token, as Auth would issue it, for user 900001. */
function accessToken(): Promise<string> {
  return new SignJWT({ type: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('900001')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(benchSecret));
}

/** Each baseline row right after the row it mirrors. */
function withBaselines(rows: readonly Scenario[]): Scenario[] {
  return rows.flatMap((row) => [row, ...baselineScenarios.filter((b) => b.id === `${row.id}_baseline`)]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const all = options.baseline ? withBaselines(scenarios) : scenarios;
  const chosen = all.filter((s) => options.only.length === 0 || options.only.includes(s.id));
  const roles = new Set<ServerRole>(chosen.map((s) => s.server));
  const redisUp = roles.has('proxy_redis_cache') && (await redisAnswers(redisUrl));
  const token = await accessToken();
  // A smoke run proves the bench works; it skips pinning so its servers can start on both cores.
  const pinning = !options.smoke && pinLoadGenerator();
  const servers = await startServers(roles, redisUp, pinning, options.baseline);
  try {
    const rows = await runRounds(chosen, servers, token, options, `Redis not answering at ${redisUrl}`);
    const proxies = Object.entries(servers)
      .filter(([role]) => role.startsWith('proxy'))
      .map(([, server]) => server)
      .filter((server) => server !== undefined);
    const machine =
      `node ${process.version}, ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ` +
      (pinning ? 'servers pinned to core 0, load generator to core 1' : 'no core pinning') +
      `; HTTP/1.1 load by ${wrkInstalled && !options.autocannon ? 'wrk' : 'autocannon'}` +
      `; h2c load by ${h2loadInstalled ? 'h2load' : "node's http2 client (h2load not installed)"}`;
    const method = `${options.rounds} round(s) × ${options.seconds} s per scenario, ${options.connections} connections, medians of rounds`;
    process.stdout.write(
      [
        `goalixa-bff benchmark — ${machine}; ${method}`,
        '',
        table(rows),
        '',
        `start-up to ready: ${proxies.map((p) => `${p.name} ${Math.round(p.startupMs)} ms`).join(', ')}`,
        '',
        targetLines(
          targets(
            rows,
            proxies.map((p) => p.startupMs),
          ),
        ),
        '',
        failureLines(rows),
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
