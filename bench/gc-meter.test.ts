import { describe, expect, it } from 'vitest';
import { exportsGcMetrics, sumOfGcPauses } from './gc-meter.js';
import type { ServerRole } from './scenarios.js';

describe('sumOfGcPauses', () => {
  it('adds up the pause time of every kind of collection, and nothing else', () => {
    const exposition = [
      '# HELP nodejs_gc_duration_seconds Garbage collection duration by kind.',
      'nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 10',
      'nodejs_gc_duration_seconds_sum{kind="minor"} 0.25',
      'nodejs_gc_duration_seconds_count{kind="minor"} 40',
      'nodejs_gc_duration_seconds_sum{kind="major"} 1.5e-2',
      'nodejs_gc_duration_seconds_sum{kind="incremental"} 0.005',
      'process_cpu_seconds_total 12',
    ].join('\n');
    expect(sumOfGcPauses(exposition)).toBeCloseTo(0.27, 10);
  });

  it('is zero for a process that has not collected yet', () => {
    expect(sumOfGcPauses('process_cpu_seconds_total 1\n')).toBe(0);
  });
});

describe('exportsGcMetrics', () => {
  it("is true for the gateway's proxies, this build's and a baseline's, and false for the peers", () => {
    const gateway: ServerRole[] = ['proxy_no_cache', 'proxy_redis_cache', 'baseline_memory_cache'];
    const peers: ServerRole[] = ['bare', 'fastify', 'express', 'nginx', 'relay', 'hit_floor', 'upstream'];
    expect(gateway.every(exportsGcMetrics)).toBe(true);
    expect(peers.some(exportsGcMetrics)).toBe(false);
  });
});
