import { exportsGcMetrics, gcPauseSeconds } from './gc-meter.js';
import { runH2c } from './load/h2c.js';
import { type HttpTarget, type LoadShape, runHttp1 } from './load/http1.js';
import type { LoadResult } from './load/latencies.js';
import { runPaced } from './load/paced.js';
import { runWrk, wrkInstalled } from './load/wrk.js';
import type { BenchOptions } from './options.js';
import { median, type Row } from './report.js';
import type { Scenario } from './scenarios.js';
import type { Servers } from './servers.js';
import { scenarioTarget } from './target.js';

const leadInSeconds = 1;

interface Measured {
  load: LoadResult;
  /** CPU the target process spent during the run, microseconds, and how much of it in the kernel. */
  cpuMicros: number;
  systemMicros: number;
  /** Its garbage-collection pauses during the run, microseconds; NaN where it does not say. */
  gcMicros: number;
}

/** Warm-up, then `rounds` passes over every scenario in order; one summary row per scenario. */
export async function runRounds(
  chosen: readonly Scenario[],
  servers: Servers,
  token: string,
  options: BenchOptions,
  /** Why a scenario whose server is not running was skipped. */
  skippedBecause: (scenario: Scenario) => string,
): Promise<Row[]> {
  const runnable = chosen.filter((s) => servers[s.server]);
  for (const scenario of options.warmupSeconds > 0 ? runnable : [])
    await measure(scenario, servers, token, options, options.warmupSeconds);
  const runs = new Map<Scenario, Measured[]>(runnable.map((s) => [s, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of runnable)
      runs.get(scenario)?.push(await measure(scenario, servers, token, options, options.seconds));
  }
  return chosen.map((scenario) => {
    const measured = runs.get(scenario);
    return measured ? summarise(scenario, measured, servers) : skipped(scenario, skippedBecause(scenario));
  });
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
  const target = scenarioTarget(scenario, server, token);
  const shape = { seconds, connections: scenario.connections ?? options.connections };
  const drive = driverFor(scenario, options);
  // The first moments after an idle spell measure the host waking the processes (on a VM, both
  // the server and the upstream stall for 20–40 ms) and V8 regrowing a heap its memory reducer
  // shrank while the process idled through the other rows, not the server: every run is measured
  // after a lead-in of the same load.
  await drive(target, { ...shape, seconds: Math.min(leadInSeconds, seconds) });
  const gcSeconds = () =>
    exportsGcMetrics(scenario.server) ? gcPauseSeconds(server.url) : Promise.resolve(Number.NaN);
  const gcBefore = await gcSeconds();
  const before = server.cpuTimes();
  const load = await drive(target, shape);
  const after = server.cpuTimes();
  const systemMicros = after.system - before.system;
  const cpuMicros = after.user - before.user + systemMicros;
  return { load, cpuMicros, systemMicros, gcMicros: ((await gcSeconds()) - gcBefore) * 1e6 };
}

type LoadDriver = (target: HttpTarget, shape: LoadShape) => Promise<LoadResult>;

/** h2c by h2load where installed; a fixed rate by the open-loop client; else wrk where installed. */
function driverFor(scenario: Scenario, options: BenchOptions): LoadDriver {
  const { rate } = scenario;
  if (scenario.protocol === 'h2c') return runH2c;
  if (rate) return (target, shape) => runPaced(target, { ...shape, rate });
  return wrkInstalled && !options.autocannon ? runWrk : runHttp1;
}

function summarise(scenario: Scenario, runs: Measured[], servers: Servers): Row {
  const responses = runs.reduce((sum, run) => sum + run.load.responses, 0);
  const cpu = runs.reduce((sum, run) => sum + run.cpuMicros, 0);
  const system = runs.reduce((sum, run) => sum + run.systemMicros, 0);
  const gc = runs.reduce((sum, run) => sum + run.gcMicros, 0);
  return {
    scenario,
    rps: median(runs.map((run) => run.load.responses / run.load.seconds)),
    p50Ms: median(runs.map((run) => run.load.p50Ms)),
    p99Ms: median(runs.map((run) => run.load.p99Ms)),
    cpuMicrosPerRequest: cpu / responses,
    systemMicrosPerRequest: system / responses,
    gcMicrosPerRequest: gc / responses,
    peakRssMiB: servers[scenario.server]?.peakRssMiB() ?? Number.NaN,
    failures: runs.reduce((sum, run) => sum + run.load.failures, 0),
    failureKinds: mergeCounts(runs.map((run) => run.load.failureKinds)),
  };
}

function skipped(scenario: Scenario, because: string): Row {
  return {
    scenario,
    rps: Number.NaN,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    cpuMicrosPerRequest: Number.NaN,
    systemMicrosPerRequest: Number.NaN,
    gcMicrosPerRequest: Number.NaN,
    peakRssMiB: Number.NaN,
    failures: 0,
    failureKinds: {},
    skipped: because,
  };
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const count of counts)
    for (const [kind, n] of Object.entries(count)) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}
