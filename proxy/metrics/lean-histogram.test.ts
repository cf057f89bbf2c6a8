import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LeanHistogram } from './lean-histogram.js';

const buckets = [0.001, 0.01, 0.1, 1];
const observations: [string, string, number][] = [
  ['GET', '/app/tasks', 0.0004],
  ['GET', '/app/tasks', 0.001],
  ['GET', '/app/tasks', 0.05],
  ['POST', '/app/tasks', 0.2],
  ['POST', '/app/tasks', 7],
  ['GET', '/app/tasks', 0.0100001],
];

/** Both registries labelled like the proxy's, each with one histogram of the same name. */
function expositions() {
  const reference = new Registry();
  const lean = new Registry();
  for (const registry of [reference, lean]) registry.setDefaultLabels({ pod: 'pod-1' });
  const options = {
    name: 'd_seconds',
    help: 'Durations.',
    labelNames: ['method', 'route'] as const,
    buckets,
  };
  const promHistogram = new Histogram({ ...options, registers: [reference] });
  const leanHistogram = new LeanHistogram({ ...options, registry: lean });
  for (const [method, route, seconds] of observations) {
    promHistogram.labels(method, route).observe(seconds);
    leanHistogram.series({ method, route }).observe(seconds);
  }
  return { reference, lean, leanHistogram };
}

describe('LeanHistogram', () => {
  it('renders exactly what prom-client renders for the same observations', async () => {
    const { reference, lean } = expositions();
    expect(await lean.metrics()).toBe(await reference.metrics());
  });

  it('counts a value equal to a bound in that bound’s bucket, like Prometheus (le = less or equal)', async () => {
    const { leanHistogram } = expositions();
    const { values } = await leanHistogram.get();
    // Like prom-client's, a sample's own labels hold `le`; the series' labels are shared ones.
    const methodOf = (v: object) => (v as { sharedLabels?: Record<string, unknown> }).sharedLabels?.method;
    const bucket = (le: number) =>
      values.find((v) => v.metricName === 'd_seconds_bucket' && methodOf(v) === 'GET' && v.labels.le === le)
        ?.value;
    expect(bucket(0.001)).toBe(2);
    expect(bucket(0.01)).toBe(2);
    expect(bucket(0.1)).toBe(4);
  });

  it('keeps one series per label set however often it is looked up', async () => {
    const registry = new Registry();
    const histogram = new LeanHistogram({
      name: 'x_seconds',
      help: 'x',
      labelNames: ['service'] as const,
      buckets,
      registry,
    });
    histogram.series({ service: 'a' }).observe(0.5);
    histogram.series({ service: 'a' }).observe(0.5);
    const { values } = await histogram.get();
    expect(values.find((v) => v.metricName === 'x_seconds_count')?.value).toBe(2);
    expect(values.filter((v) => v.metricName === 'x_seconds_count')).toHaveLength(1);
  });
});
