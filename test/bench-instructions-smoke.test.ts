import { describe, expect, it } from 'vitest';
import { distPath, runToExit } from './harness/processes.js';

/** Counts a few requests under valgrind; only that the count works is checked, never a number. */
const runSmoke = () =>
  runToExit(distPath('bench/instructions/main.js'), ['--smoke', '--only', 'bare,pass'], process.env, 110_000);

describe('instruction-count benchmark smoke', () => {
  it('runs the servers under callgrind, counts a window, names the gateway code and exits 0', async () => {
    const { code, stdout, stderr } = await runSmoke();
    expect(code, stderr).toBe(0);
    const passRow = stdout.split('\n').find((line) => line.startsWith('| 1 pass-through, cache off |'));
    const [, , counted, , , , , windows, failures] = passRow?.split('|').map((cell) => cell.trim()) ?? [];
    expect(Number(counted?.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(windows).toBe('1 × 100');
    expect(failures).toBe('0');
    expect(stdout).toMatch(/^\| gateway \| [\d,]+ \(/m);
    expect(stdout).toMatch(/^\| undici \| [\d,]+ \(/m);
    expect(stdout).toContain('the 5 costliest functions');
  }, 120_000);
});
