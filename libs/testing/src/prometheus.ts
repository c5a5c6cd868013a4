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
  // The parser merges a labelled histogram's series into one (yunyu/parse-prometheus-text-format#8, open):
  // histograms are read a second time without their TYPE lines, as untyped `_count` and `_sum` series.
  // Without TYPE lines every run of one name is a family of its own: series of the same name are gathered.
  const untyped = new Map<string, { metrics: ParsedSample[] }>();
  for (const run of parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram$/gm, ''))) {
    const gathered = untyped.get(run.name) ?? { metrics: [] };
    gathered.metrics.push(...run.metrics);
    untyped.set(run.name, gathered);
  }
  const families = new Map<string, MetricFamily>();
  for (const family of parsePrometheusTextFormat(text)) {
    const series = family.type === 'HISTOGRAM' ? (untyped.get(`${family.name}_count`)?.metrics ?? []) : family.metrics;
    const sums = untyped.get(`${family.name}_sum`)?.metrics ?? [];
    const samples = series.map((sample) => ({
      labels: sample.labels ?? {},
      value: Number(sample.value),
      sum: family.type === 'HISTOGRAM' ? Number(sums.find((s) => sameLabels(s.labels, sample.labels))?.value) : undefined,
    }));
    if (samples.some((sample) => Number.isNaN(sample.value) || Number.isNaN(sample.sum))) {
      throw new Error(`${family.name}: a sample has no number`);
    }
    families.set(family.name, { type: family.type, help: family.help, samples });
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
