/** One sample of the Prometheus text format: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Metric family name → type, from the `# TYPE` lines. */
  types: Map<string, string>;
  samples: Sample[];
}

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text exposition format (version 0.0.4), enough for assertions on names and labels. */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      types.set(name, type);
      continue;
    }
    const match = samplePattern.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(labelPattern)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { types, samples };
}

/** A series is a sample name with its labels; the set of them is what cardinality means. */
export function seriesKeys(exposition: Exposition, prefix: string): Set<string> {
  return new Set(
    exposition.samples
      .filter((sample) => sample.name.startsWith(prefix))
      .map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`),
  );
}

/** Samples of one family: the name itself plus histogram `_bucket`, `_sum` and `_count`. */
export function familySamples(exposition: Exposition, family: string): Sample[] {
  const names = new Set([family, `${family}_bucket`, `${family}_sum`, `${family}_count`]);
  return exposition.samples.filter((sample) => names.has(sample.name));
}

export async function scrape(baseUrl: string): Promise<Exposition> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}
