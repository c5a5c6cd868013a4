import parsePrometheusTextFormat from 'parse-prometheus-text-format';

type ParsedSample = ReturnType<typeof parsePrometheusTextFormat>[number]['metrics'][number];

export interface MetricSample {
  readonly labels: Record<string, string>;
  /** Gauges and counters: the value; histograms: the count. */
  readonly value: number;
  /** Histograms only. */
  readonly sum?: number;
}
export interface MetricFamily {
  readonly type: string;
  readonly help: string;
  readonly samples: readonly MetricSample[];
}

/**
 * GETs a Prometheus endpoint and parses it as Prometheus would (parse-prometheus-text-format, a port
 * of the reference client's parser); throws on a status other than 200 or text it cannot parse.
 */
export async function scrapePrometheus(url: string): Promise<Map<string, MetricFamily>> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return parsePrometheusText(text);
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  // The parser's histogram handling is broken (it merges a labelled histogram's series into one,
  // yunyu/parse-prometheus-text-format#8, and throws on `_count` before the buckets, the order the
  // OpenTelemetry exporter writes): it parses the sample lines untyped, the TYPE lines say the types.
  const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1], match[2].toUpperCase()]));
  const series = new Map<string, { help: string; metrics: ParsedSample[] }>();
  for (const run of parsePrometheusTextFormat(text.replace(/^# TYPE .*$/gm, ''))) {
    const gathered = series.get(run.name) ?? { help: run.help, metrics: [] };
    gathered.metrics.push(...run.metrics);
    series.set(run.name, gathered);
  }
  const families = new Map<string, MetricFamily>();
  for (const [name, type] of types) {
    const histogram = type === 'HISTOGRAM';
    const sums = series.get(`${name}_sum`)?.metrics ?? [];
    const samples = (series.get(histogram ? `${name}_count` : name)?.metrics ?? []).map((sample) => ({
      labels: sample.labels ?? {},
      value: Number(sample.value),
      sum: histogram ? Number(sums.find((s) => sameLabels(s.labels, sample.labels))?.value) : undefined,
    }));
    if (samples.some((sample) => Number.isNaN(sample.value) || Number.isNaN(sample.sum)))
      throw new Error(`${name}: a sample has no number`);
    families.set(name, { type, help: series.get(name)?.help ?? series.get(`${name}_count`)?.help ?? '', samples });
  }
  return families;
}

function sameLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  return Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);
}

/** The samples of a family whose labels include `labels`. */
export function samplesOf(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): MetricSample[] {
  return (families.get(name)?.samples ?? []).filter((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}
