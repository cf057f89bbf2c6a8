import type { Scenario } from './scenarios.js';

/** A scenario's rounds, summarised: medians of the rounds, CPU over all of them. */
export interface Row {
  scenario: Scenario;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** Of which in the kernel (socket reads and writes, mostly). */
  systemMicrosPerRequest: number;
  /** Of which garbage-collection pauses (the gateway's rows only: it exports them). */
  gcMicrosPerRequest: number;
  peakRssMiB: number;
  failures: number;
  failureKinds: Record<string, number>;
  /** Why the row has no numbers, e.g. Redis not running. */
  skipped?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
export const thousands = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';

/** The table as Markdown, so it pastes into bench/README.md as it is. */
export function table(rows: Row[]): string {
  const rpsOf = (id: string) => rows.find((row) => row.scenario.id === id && !row.skipped)?.rps ?? Number.NaN;
  const bare = rpsOf('bare');
  const direct = rpsOf('direct');
  const header = [
    '| scenario | req/s | p50 ms | p99 ms | CPU µs/req | kernel µs/req | GC µs/req | peak RSS MiB | × bare | × direct | failures |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const lines = rows.map((row) =>
    row.skipped
      ? `| ${row.scenario.label} | skipped: ${row.skipped} | | | | | | | | | |`
      : `| ${row.scenario.label} | ${thousands(row.rps)} | ${fixed(row.p50Ms, 2)} | ${fixed(row.p99Ms, 2)} | ` +
        `${fixed(row.cpuMicrosPerRequest, 1)} | ${fixed(row.systemMicrosPerRequest, 1)} | ${fixed(row.gcMicrosPerRequest, 1)} | ${fixed(row.peakRssMiB, 0)} | ${fixed(row.rps / bare, 2)} | ` +
        `${fixed(row.rps / direct, 2)} | ${row.failures} |`,
  );
  return [...header, ...lines].join('\n');
}

export interface Target {
  name: string;
  measured: string;
  met: boolean | undefined;
}

/** The issue's targets, judged on this run's numbers (reported, never asserted). */
export function targets(rows: Row[], startupMs: number[]): Target[] {
  const row = (id: string) => rows.find((r) => r.scenario.id === id && !r.skipped);
  const ratio = (a: string, b: string) => (row(a)?.rps ?? Number.NaN) / (row(b)?.rps ?? Number.NaN);
  const judged = (value: number, ok: (v: number) => boolean) =>
    Number.isFinite(value) ? ok(value) : undefined;
  const pass = row('pass');
  const addedP99Of = (id: string) => (row(id)?.p99Ms ?? Number.NaN) - (row('direct_1k')?.p99Ms ?? Number.NaN);
  const addedP99 = addedP99Of('pass_1k');
  const fastifyAddedP99 = addedP99Of('fastify_1k');
  const floorAddedP99 = addedP99Of('floor_1k');
  const proxyRss = Math.max(
    ...rows.filter((r) => r.scenario.server.startsWith('proxy') && !r.skipped).map((r) => r.peakRssMiB),
  );
  const slowestStart = Math.max(...startupMs);
  return [
    {
      name: 'pass-through CPU ≤ 30 µs/req',
      measured: `${fixed(pass?.cpuMicrosPerRequest ?? Number.NaN, 1)} µs`,
      met: judged(pass?.cpuMicrosPerRequest ?? Number.NaN, (v) => v <= 30),
    },
    {
      name: 'pass-through ≥ 1.4× fastify req/s',
      // The other peers beside it: the pass-through's req/s over each of theirs, this run.
      measured: `${fixed(ratio('pass', 'fastify'), 2)}×${alongside(
        [
          ['express', ratio('pass', 'express')],
          ['nginx', ratio('pass', 'nginx')],
        ],
        '×',
      )}`,
      met: judged(ratio('pass', 'fastify'), (v) => v >= 1.4),
    },
    {
      name: 'memory cache hit ≥ 0.7× bare',
      // The hit floor's ratio beside it: the least any hit doing the same work reaches, this run.
      measured: `${fixed(ratio('memory', 'bare'), 2)}×${alongside([['hit floor', ratio('hit_floor', 'bare')]], '×')}`,
      met: judged(ratio('memory', 'bare'), (v) => v >= 0.7),
    },
    {
      name: 'Redis cache hit ≥ 0.4× bare',
      measured: `${fixed(ratio('redis', 'bare'), 2)}×`,
      met: judged(ratio('redis', 'bare'), (v) => v >= 0.4),
    },
    {
      name: 'added p99 at 1,000 req/s ≤ 0.5 ms',
      measured: `${fixed(addedP99, 2)} ms${alongside(
        [
          ['fastify', fastifyAddedP99],
          ['platform floor', floorAddedP99],
        ],
        ' ms',
      )}`,
      met: judged(addedP99, (v) => v <= 0.5),
    },
    {
      name: 'proxy peak RSS ≤ 150 MiB',
      measured: `${fixed(proxyRss, 0)} MiB`,
      met: judged(proxyRss, (v) => v <= 150),
    },
    {
      name: 'proxy start-up to ready < 500 ms',
      measured: `${fixed(slowestStart, 0)} ms`,
      met: judged(slowestStart, (v) => v < 500),
    },
  ];
}

/** The same measure for other rows, in brackets, where they ran: `(fastify: 1.20 ms; …)`. */
function alongside(others: [string, number][], unit: string): string {
  const ran = others.filter(([, value]) => Number.isFinite(value));
  return ran.length === 0
    ? ''
    : ` (${ran.map(([name, value]) => `${name}: ${fixed(value, 2)}${unit}`).join('; ')})`;
}

export function targetLines(list: Target[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'met' : 'NOT met');
  return list.map((t) => `- ${t.name}: ${t.measured} — ${mark(t.met)}`).join('\n');
}

/** What the failures were, per scenario: a benchmark of error answers measures the wrong thing. */
export function failureLines(rows: Row[]): string {
  return rows
    .filter((row) => row.failures > 0)
    .map((row) => {
      const kinds = Object.entries(row.failureKinds).map(([kind, count]) => `${kind} ×${count}`);
      return `- failures in "${row.scenario.label}": ${kinds.join(', ')}`;
    })
    .join('\n');
}
