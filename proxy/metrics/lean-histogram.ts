import type { LabelValues, Metric, MetricObjectWithValues, MetricValueWithName, Registry } from 'prom-client';

/** One labelled series: an observation is a bucket search and three additions. */
export interface HistogramSeries {
  observe(value: number): void;
}

class Series implements HistogramSeries {
  /** Per bucket, not cumulative; the last slot counts values above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string | number>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i] += 1;
    this.sum += value;
    this.count += 1;
  }
}

export interface LeanHistogramOptions<T extends string> {
  name: string;
  help: string;
  labelNames: readonly T[];
  buckets: readonly number[];
  registry: Registry;
}

/**
 * A Prometheus histogram with a cheap hot path. prom-client's own Histogram rebuilds and hashes
 * the label set on every observation, even through a bound child; here a series is found once
 * (`series(labels)`) and kept. It answers `get()` in prom-client's shape, so the registry
 * renders it exactly like a prom-client histogram.
 */
export class LeanHistogram<T extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, Series>();

  constructor(options: LeanHistogramOptions<T>) {
    this.name = options.name;
    this.help = options.help;
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
    // The registry takes any object with prom-client's metric shape; its type lists only its own classes.
    options.registry.registerMetric(this as unknown as Metric<T>);
  }

  /** The series for these label values, created on first use. */
  series(labels: LabelValues<T>): HistogramSeries {
    const key = JSON.stringify(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = new Series({ ...labels } as Record<string, string | number>, this.#bounds);
      this.#series.set(key, series);
    }
    return series;
  }

  async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    // As prom-client lays a histogram out: the series' own labels are "shared" by its samples,
    // which the registry prints after `le` and the default labels.
    const values: (MetricValueWithName<string> & { sharedLabels: LabelValues<string> })[] = [];
    for (const series of this.#series.values()) {
      const shared = series.labels;
      let cumulative = 0;
      for (let i = 0; i <= this.#bounds.length; i++) {
        cumulative += series.counts[i];
        const le = i < this.#bounds.length ? this.#bounds[i] : '+Inf';
        values.push({
          labels: { le },
          sharedLabels: shared,
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      }
      values.push({ labels: {}, sharedLabels: shared, value: series.sum, metricName: `${this.name}_sum` });
      values.push({
        labels: {},
        sharedLabels: shared,
        value: series.count,
        metricName: `${this.name}_count`,
      });
    }
    return {
      name: this.name,
      help: this.help,
      // prom-client's declared type is an enum; at run time it is the text the registry prints.
      type: 'histogram' as unknown as MetricObjectWithValues<MetricValueWithName<string>>['type'],
      aggregator: this.aggregator,
      collect: () => undefined,
      values,
    };
  }

  reset(): void {
    this.#series.clear();
  }
}
