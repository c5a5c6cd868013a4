import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabReport } from '../report/lab-report';
import { renderSvg } from '../report/svg-chart.renderer';

/** Writes each report as `<stem>.md` and `<stem>.json`, and its charts as `<chart>.svg`; returns the paths written. */
export async function writeReportFiles(dir: string, stem: string, report: LabReport<unknown>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written = [join(dir, `${stem}.md`), join(dir, `${stem}.json`)];
  const charts = report.charts.map((c) => `![${c.title}](${c.name}.svg)`);
  await writeFile(written[0], [report.markdown, ...(charts.length > 0 ? ['## Charts', '', ...charts, ''] : [])].join('\n'));
  await writeFile(written[1], `${JSON.stringify(report.json, null, 2)}\n`);
  for (const chart of report.charts) {
    const file = join(dir, `${chart.name}.svg`);
    await writeFile(file, await renderSvg(chart));
    written.push(file);
  }
  return written;
}
