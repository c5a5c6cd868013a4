import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { LabChart } from './lab-report';

/** A chart rendered to SVG headless (Vega's scenegraph, no canvas, no browser). */
export async function renderSvg(chart: LabChart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
