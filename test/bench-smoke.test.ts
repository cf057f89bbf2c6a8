import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { nginxInstalled } from '../bench/nginx.js';
import { distPath, runToExit } from './harness/processes.js';

/** Runs the built benchmark in smoke mode; only that it works is checked, never a number. */
const runSmoke = () => runToExit(distPath('bench/main.js'), ['--smoke'], process.env, 50_000);

describe('benchmark smoke', () => {
  it('starts the servers, drives every scenario briefly, prints the table, leaves no nginx files and exits 0', async () => {
    const { code, stdout, stderr } = await runSmoke();
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      '| scenario | req/s | p50 ms | p99 ms | CPU µs/req | kernel µs/req | GC µs/req | peak RSS MiB |',
    );
    // req/s, p50, p99, CPU and the kernel's part of it are numbers; so is the GC column, which the
    // gateway's rows read from its /metrics.
    expect(stdout).toMatch(
      /^\| 1 pass-through, cache off \| [\d,]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/m,
    );
    expect(stdout).toContain('1 pass-through, cache off');
    expect(stdout).toContain('6 pass-through over h2c');
    // The peers really relay: their rows have numbers and no failures.
    expect(stdout).toMatch(/\| node:http \+ undici relay \(platform floor\) \| [\d,]+ \|.*\| 0 \|$/m);
    expect(stdout).toMatch(/\| express 5 \+ http-proxy-middleware \| [\d,]+ \|.*\| 0 \|$/m);
    // The hit floor verified the bench user's token: a refused one would count as failures.
    expect(stdout).toMatch(/\| hand-written cache hit \(hit floor\) \| [\d,]+ \|.*\| 0 \|$/m);
    expect(stdout).toMatch(/memory cache hit ≥ 0\.7× bare: [\d.]+× \(hit floor: [\d.]+×\)/);
    // nginx where it is installed; elsewhere its row says why it has no numbers.
    expect(stdout).toMatch(
      nginxInstalled
        ? /\| nginx reverse proxy, upstream keep-alive \| [\d,]+ \|.*\| 0 \|$/m
        : /\| nginx reverse proxy, upstream keep-alive \| skipped: nginx not installed/m,
    );
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('goalixa-bench-nginx-'))).toEqual([]);
  }, 55_000);
});
