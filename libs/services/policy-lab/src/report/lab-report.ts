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
