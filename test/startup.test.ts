import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { distPath } from './harness/processes.js';

describe('proxy start', () => {
  it('stops with exit code 1 and one line per bad variable, naming it', () => {
    const result = spawnSync(process.execPath, [distPath('bundle/proxy.js')], {
      env: { PATH: process.env.PATH, AUTH_JWT_SECRET: 'too-short', PORT: 'http', UPSTREAM_TIMEOUT_MS: '-5' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.map((line) => line.split(':')[1]?.trim()).sort()).toEqual([
      'AUTH_JWT_SECRET',
      'PORT',
      'UPSTREAM_TIMEOUT_MS',
    ]);
    expect(result.stdout).toBe('');
  });
});
