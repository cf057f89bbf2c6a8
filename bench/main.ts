import { cpus } from 'node:os';
import { h2loadInstalled } from './load/h2load.js';
import { wrkInstalled } from './load/wrk.js';
import { parseOptions } from './options.js';
import { cores, pinLoadGenerator } from './processes.js';
import { failureLines, table, targetLines, targets } from './report.js';
import { runRounds } from './rounds.js';
import { type Scenario, type ServerRole, scenarios, withBaselines } from './scenarios.js';
import { redisAnswers, redisUrl, skipReason, startServers, stopServers } from './servers.js';
import { benchAccessToken } from './target.js';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const all = options.baseline ? withBaselines(scenarios) : scenarios;
  const chosen = all.filter((s) => options.only.length === 0 || options.only.includes(s.id));
  const roles = new Set<ServerRole>(chosen.map((s) => s.server));
  const redisUp = roles.has('proxy_redis_cache') && (await redisAnswers(redisUrl));
  const token = await benchAccessToken();
  // A smoke run proves the bench works; it skips pinning so its servers can start on both cores.
  const pinning = !options.smoke && pinLoadGenerator();
  const servers = await startServers(roles, redisUp, { pinned: pinning, baseline: options.baseline });
  try {
    const skippedBecause = (scenario: Scenario) => skipReason(scenario.server, redisUp);
    const rows = await runRounds(chosen, servers, token, options, skippedBecause);
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
