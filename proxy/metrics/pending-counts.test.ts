import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PendingCounts } from './pending-counts.js';

function countedRegistry() {
  const registry = new Registry();
  const counts = new PendingCounts<'route' | 'status'>();
  const counter = new Counter({
    name: 'test_requests_total',
    help: 'test',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
    collect: () => counts.flush(),
  });
  counts.attach(counter);
  return { registry, counts };
}

describe('PendingCounts', () => {
  it('hands every increment to the counter at scrape time, once', async () => {
    const { registry, counts } = countedRegistry();
    const ok = counts.slot('/tasks 200', { route: '/tasks', status: '200' });
    ok.pending += 1;
    ok.pending += 1;
    counts.slot('/tasks 404', { route: '/tasks', status: '404' }).pending += 1;
    expect(await registry.metrics()).toContain('test_requests_total{route="/tasks",status="200"} 2');
    ok.pending += 1;
    const text = await registry.metrics();
    expect(text).toContain('test_requests_total{route="/tasks",status="200"} 3');
    expect(text).toContain('test_requests_total{route="/tasks",status="404"} 1');
  });

  it('returns the same slot for the same key, so callers can keep it', () => {
    const { counts } = countedRegistry();
    const first = counts.slot('k', { route: '/a', status: '200' });
    expect(counts.slot('k', { route: '/a', status: '200' })).toBe(first);
  });
});
