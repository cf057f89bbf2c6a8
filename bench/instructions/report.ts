import { fixed, median, thousands } from '../report.js';
import type { Scenario } from '../scenarios.js';
import { chargeToJavaScript } from './blame.js';
import type { CallgrindDump } from './callgrind-file.js';
import type { WindowCount } from './measure.js';
import {
  type Attribution,
  attribute,
  type BundleModules,
  backgroundThreads,
  unnamedJitCode,
} from './origin.js';
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
    if (row.skipped) return `| ${row.scenario.label} | skipped: ${row.skipped} | | | | | | |`;
    const counts = row.windows.map(perRequest);
    const mid = median(counts);
    const mainThread = median(row.windows.map((window) => mainThreadPerRequest(row, window)));
    const failures = row.windows.reduce((sum, w) => sum + w.failures, 0);
    return (
      `| ${row.scenario.label} | ${thousands(mid)} | ${thousands(Math.min(...counts))} – ` +
      `${thousands(Math.max(...counts))} | ${thousands(mainThread)} | ${fixed(mid / bare, 2)} | ` +
      `${fixed(mid / fastify, 2)} | ${row.windows.length} × ${thousands(row.windows[0]?.requests ?? 0)} | ${failures} |`
    );
  });
  return [
    '| scenario | instructions/req | range of windows | without GC and compiler threads | × bare | × fastify | windows × requests | failures |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...lines,
  ].join('\n');
}

/**
 * A window's count without V8's helper threads: whether a window caught a major GC or a
 * recompilation moves the total by a fifth, the main thread's work by a few per cent.
 */
function mainThreadPerRequest(row: CountedRow, window: WindowCount): number {
  const background = attributedFunctions(row, window.dump)
    .filter((fn) => fn.origin === backgroundThreads)
    .reduce((sum, fn) => sum + fn.charged, 0);
  return (window.instructions - background) / Math.max(1, window.requests);
}

interface Attributed extends Attribution {
  own: number;
  /** Its own instructions plus the non-JavaScript work charged to it (see blame.ts). */
  charged: number;
}

/** Each dump's attribution, made once: the table, the origins and the profile all read it. */
const attributions = new WeakMap<CallgrindDump, Attributed[]>();

/** A dump's functions, named and grouped by name (one function's tiers and copies add up). */
function attributedFunctions(row: CountedRow, dump: CallgrindDump): Attributed[] {
  const known = attributions.get(dump);
  if (known) return known;
  const names = new Map<string, string>();
  const nameOf = (fn: string) => {
    let name = names.get(fn);
    if (name === undefined) {
      const address = jitAddress(fn);
      name = address === undefined ? fn : (row.naming?.perfMap.nameOf(address) ?? unnamedJitCode);
      names.set(fn, name);
    }
    return name;
  };
  const charged = chargeToJavaScript(dump, (fn) => nameOf(fn).startsWith('JS:'));
  const byName = new Map<string, Attributed>();
  for (const fn of new Set([...dump.selfInstructions.keys(), ...charged.keys()])) {
    const { name, origin } = attribute(nameOf(fn), dump.objects.get(fn) ?? '???', (file) =>
      row.naming?.modulesOf(file),
    );
    const entry = byName.get(name) ?? { name, origin, own: 0, charged: 0 };
    entry.own += dump.selfInstructions.get(fn) ?? 0;
    entry.charged += charged.get(fn) ?? 0;
    byName.set(name, entry);
  }
  const attributed = [...byName.values()].sort((a, b) => b.charged - a.charged);
  attributions.set(dump, attributed);
  return attributed;
}

interface OriginColumn {
  label: string;
  own: Map<string, number>;
  charged: Map<string, number>;
  total: number;
}

function originColumn(row: CountedRow): OriginColumn[] {
  const window = row.skipped ? undefined : medianWindow(row);
  if (!window) return [];
  const own = new Map<string, number>();
  const charged = new Map<string, number>();
  for (const fn of attributedFunctions(row, window.dump)) {
    own.set(fn.origin, (own.get(fn.origin) ?? 0) + fn.own / window.requests);
    charged.set(fn.origin, (charged.get(fn.origin) ?? 0) + fn.charged / window.requests);
  }
  return [{ label: row.scenario.label, own, charged, total: perRequest(window) }];
}

/**
 * Instructions per request by origin (gateway, undici, node, V8, …), two columns per scenario:
 * each function's own, and with the V8 and C++ work it called charged to it.
 */
export function originTable(rows: CountedRow[]): string {
  const columns = rows.flatMap(originColumn);
  const origins = [...new Set(columns.flatMap((c) => [...c.own.keys()]))].sort(
    (a, b) => (columns[0]?.charged.get(b) ?? 0) - (columns[0]?.charged.get(a) ?? 0),
  );
  const cell = (value: number, total: number) => `${thousands(value)} (${fixed((100 * value) / total, 1)} %)`;
  return [
    `| origin | ${columns.map((c) => `${c.label}: own | with what it called`).join(' | ')} |`,
    `|---|${columns.map(() => '--:|--:').join('|')}|`,
    ...origins.map(
      (o) =>
        `| ${o} | ${columns.map((c) => `${cell(c.own.get(o) ?? 0, c.total)} | ${cell(c.charged.get(o) ?? 0, c.total)}`).join(' | ')} |`,
    ),
    `| total | ${columns.map((c) => `${thousands(c.total)} | ${thousands(c.total)}`).join(' | ')} |`,
  ].join('\n');
}

/** The `limit` functions that cost the most per request in a scenario's median window. */
export function profileTable(row: CountedRow, limit: number): string {
  const window = medianWindow(row);
  if (!window || row.skipped) return '';
  const perWindowRequest = (instructions: number) => thousands(instructions / window.requests);
  const top = attributedFunctions(row, window.dump).slice(0, limit);
  return [
    `${row.scenario.label}: ${thousands(perRequest(window))} instructions/req, the ${limit} costliest functions ` +
      '(with the V8 and C++ work each called)',
    '',
    '| with what it called | share | own | origin | function |',
    '|--:|--:|--:|---|---|',
    ...top.map(
      (fn) =>
        `| ${perWindowRequest(fn.charged)} | ${fixed((100 * fn.charged) / window.instructions, 1)} % | ` +
        `${perWindowRequest(fn.own)} | ${fn.origin} | ${fn.name.replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
}
