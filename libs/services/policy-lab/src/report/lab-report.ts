import type { TopLevelSpec } from 'vega-lite';

/** A chart as a Vega-Lite specification; rendered to SVG by `renderSvg`. */
export interface LabChart {
  /** File-name stem, e.g. `scoring-calibration`. */
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** One lab report in every form: Markdown for people, the JSON it was made from for tools, charts for the eye. */
export interface LabReport<T> {
  readonly kind: 'scoring' | 'routing' | 'booking' | 'training' | 'capacity' | 'shadow';
  readonly title: string;
  readonly markdown: string;
  readonly json: T;
  readonly charts: readonly LabChart[];
}

/** Bars of `y` per `x`, one bar per `series` side by side: what two policies did to each rep. */
export function groupedBarChart(
  name: string,
  title: string,
  values: readonly Record<string, string | number>[],
  fields: { x: string; xTitle: string; y: string },
): LabChart {
  return {
    name,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title,
      width: 420,
      height: 220,
      data: { values: values as Record<string, string | number>[] },
      mark: 'bar',
      encoding: {
        x: { field: fields.x, type: 'nominal', title: fields.xTitle },
        xOffset: { field: 'series', type: 'nominal' },
        y: { field: fields.y, type: 'quantitative' },
        color: { field: 'series', type: 'nominal' },
      },
    },
  };
}
