import type { LabChart } from './lab-report';

/**
 * A chart rendered to SVG headless (Vega's scenegraph, no canvas, no browser). Vega and Vega-Lite load on the
 * first chart: a process that never renders one (the line at work) keeps their ~9 MB of heap and ~24 MB of
 * resident memory (issue 15, docs/benchmarks.md "Memory, embedded").
 */
export async function renderSvg(chart: LabChart): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
