import { fixed, median, thousands } from '../report.js';
import type { Scenario } from '../scenarios.js';
import type { CallgrindDump } from './callgrind-file.js';
import type { WindowCount } from './measure.js';
import { type Attribution, attribute, type BundleModules, unnamedJitCode } from './origin.js';
import { jitAddress, type PerfMap } from './perf-map.js';

/** A scenario's counted windows, or why it has none. */
export interface CountedRow {
  scenario: Scenario;
  windows: WindowCount[];
  /** Names JIT code and bundle lines for the scenario's server. */
  naming?: { perfMap: PerfMap; modulesOf: (file: string) => BundleModules | undefined };
  skipped?: string;
}

const perRequest = (window: WindowCount) => window.instructions / Math.max(1, window.requests);

/** The window whose count is the median: the one the breakdowns describe. */
function medianWindow(row: CountedRow): WindowCount | undefined {
  const sorted = [...row.windows].sort((a, b) => perRequest(a) - perRequest(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function instructionsTable(rows: CountedRow[]): string {
  const medianOf = (id: string) => {
    const row = rows.find((r) => r.scenario.id === id && !r.skipped);
    return row ? median(row.windows.map(perRequest)) : Number.NaN;
  };
  const bare = medianOf('bare');
  const fastify = medianOf('fastify');
  const lines = rows.map((row) => {
    if (row.skipped) return `| ${row.scenario.label} | skipped: ${row.skipped} | | | | | |`;
    const counts = row.windows.map(perRequest);
    const mid = median(counts);
    const failures = row.windows.reduce((sum, w) => sum + w.failures, 0);
    return (
      `| ${row.scenario.label} | ${thousands(mid)} | ${thousands(Math.min(...counts))} – ` +
      `${thousands(Math.max(...counts))} | ${fixed(mid / bare, 2)} | ${fixed(mid / fastify, 2)} | ` +
      `${row.windows.length} × ${thousands(row.windows[0]?.requests ?? 0)} | ${failures} |`
    );
  });
  return [
    '| scenario | instructions/req | range of windows | × bare | × fastify | windows × requests | failures |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...lines,
  ].join('\n');
}

interface Attributed extends Attribution {
  instructions: number;
}

/** A dump's functions, named and grouped by name (one function's tiers and copies add up). */
function attributedFunctions(row: CountedRow, dump: CallgrindDump): Attributed[] {
  const byName = new Map<string, Attributed>();
  for (const [fn, instructions] of dump.selfInstructions) {
    const address = jitAddress(fn);
    const named = address === undefined ? fn : (row.naming?.perfMap.nameOf(address) ?? unnamedJitCode);
    const { name, origin } = attribute(named, dump.objects.get(fn) ?? '???', (file) =>
      row.naming?.modulesOf(file),
    );
    const entry = byName.get(name) ?? { name, origin, instructions: 0 };
    entry.instructions += instructions;
    byName.set(name, entry);
  }
  return [...byName.values()].sort((a, b) => b.instructions - a.instructions);
}

/** Instructions per request by origin (gateway, undici, node, V8, …), one column per scenario. */
export function originTable(rows: CountedRow[]): string {
  const columns = rows.flatMap((row) => {
    const window = row.skipped ? undefined : medianWindow(row);
    if (!window) return [];
    const byOrigin = new Map<string, number>();
    for (const fn of attributedFunctions(row, window.dump))
      byOrigin.set(fn.origin, (byOrigin.get(fn.origin) ?? 0) + fn.instructions / window.requests);
    return [{ label: row.scenario.label, byOrigin, total: perRequest(window) }];
  });
  const origins = [...new Set(columns.flatMap((c) => [...c.byOrigin.keys()]))].sort(
    (a, b) => (columns[0]?.byOrigin.get(b) ?? 0) - (columns[0]?.byOrigin.get(a) ?? 0),
  );
  const cell = (value: number, total: number) => `${thousands(value)} (${fixed((100 * value) / total, 1)} %)`;
  return [
    `| origin | ${columns.map((c) => c.label).join(' | ')} |`,
    `|---|${columns.map(() => '--:').join('|')}|`,
    ...origins.map(
      (o) => `| ${o} | ${columns.map((c) => cell(c.byOrigin.get(o) ?? 0, c.total)).join(' | ')} |`,
    ),
    `| total | ${columns.map((c) => thousands(c.total)).join(' | ')} |`,
  ].join('\n');
}

/** The `limit` functions that cost the most per request in a scenario's median window. */
export function profileTable(row: CountedRow, limit: number): string {
  const window = medianWindow(row);
  if (!window || row.skipped) return '';
  const total = perRequest(window);
  const top = attributedFunctions(row, window.dump).slice(0, limit);
  return [
    `${row.scenario.label}: ${thousands(total)} instructions/req, the ${limit} costliest functions (own instructions)`,
    '',
    '| instructions/req | share | origin | function |',
    '|--:|--:|---|---|',
    ...top.map(
      (fn) =>
        `| ${thousands(fn.instructions / window.requests)} | ${fixed((100 * fn.instructions) / window.instructions, 1)} % | ` +
        `${fn.origin} | ${fn.name.replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
}
