import { readFile } from 'node:fs/promises';
import { runH2c } from '../load/h2c.js';
import { runHttp1 } from '../load/http1.js';
import type { ServerProcess } from '../processes.js';
import type { Scenario } from '../scenarios.js';
import { scenarioTarget } from '../target.js';
import { dumpFile, monitor } from './callgrind.js';
import { type CallgrindDump, parseCallgrindDump } from './callgrind-file.js';

export interface WindowCount {
  requests: number;
  failures: number;
  instructions: number;
  dump: CallgrindDump;
}

export interface CountPlan {
  warmupRequests: number;
  windowRequests: number;
  windows: number;
  connections: number;
  outputDirectory: string;
}

/**
 * Unmeasured warm-up (the JIT settles, pools and caches fill), then `windows` counted windows of
 * a fixed number of requests each. A server's dumps are numbered across its scenarios, so the
 * caller passes the number its last dump had.
 */
export async function countScenario(
  scenario: Scenario,
  server: ServerProcess,
  token: string,
  plan: CountPlan,
  dumpsSoFar: number,
): Promise<WindowCount[]> {
  const target = scenarioTarget(scenario, server, token);
  // A counted window is a number of requests, which wrk cannot send: autocannon, or h2load.
  const drive = scenario.protocol === 'http1' ? runHttp1 : runH2c;
  const load = (requests: number) => drive(target, { seconds: 0, connections: plan.connections, requests });
  await load(plan.warmupRequests);
  const counts: WindowCount[] = [];
  for (let window = 1; window <= plan.windows; window++) {
    await monitor(server, 'instrumentation on');
    const result = await load(plan.windowRequests);
    await monitor(server, 'dump', 'instrumentation off');
    const dump = parseCallgrindDump(
      await readFile(dumpFile(plan.outputDirectory, server, dumpsSoFar + window), 'utf8'),
    );
    counts.push({
      requests: result.responses + result.failures,
      failures: result.failures,
      instructions: dump.totalInstructions,
      dump,
    });
  }
  return counts;
}
