import type { ShadowComparison } from '@leadline/domain';
import type { LabReport } from './lab-report';
import { int, pct, table } from './markdown.util';

/** A shadow candidate against the line: agreement, where and why they differ, and the disagreements' outcomes so far. */
export function shadowReport(comparison: ShadowComparison): LabReport<ShadowComparison> {
  const { outcomes } = comparison;
  const lines = [
    `# Shadow ${comparison.kind} candidate ${comparison.candidateId}`,
    '',
    `${int(comparison.decisions)} leads decided in shadow; the candidate agreed with the line on ${int(comparison.agreements)} (${pct(comparison.agreementRate)}).`,
    '',
    table(
      ['leads', 'count', 'qualified so far', 'won so far'],
      [
        ['agreed', int(outcomes.agreed.leads), int(outcomes.agreed.qualified), int(outcomes.agreed.won)],
        ['disagreed', int(outcomes.disagreed.leads), int(outcomes.disagreed.qualified), int(outcomes.disagreed.won)],
      ],
    ),
    '',
    '## Where they differ (line → candidate)',
    '',
    table(
      ['change', 'leads', 'qualified', 'won', 'won amount'],
      comparison.disagreements.map((d) => [d.change, int(d.leads), int(d.qualified), int(d.won), int(d.amount)]),
    ),
    '',
    '## Why, for a few of them',
    '',
    table(
      ['lead', 'change', 'why'],
      comparison.examples.map((e) => [e.leadId, e.change, e.why]),
    ),
    '',
  ];
  const values = comparison.disagreements.map((d) => ({ change: d.change, leads: d.leads }));
  return {
    kind: 'shadow',
    title: `Shadow candidate ${comparison.candidateId}`,
    markdown: lines.join('\n'),
    json: comparison,
    charts: [
      {
        name: `shadow-${comparison.candidateId}`,
        title: 'Disagreements by change',
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
          title: `Shadow ${comparison.candidateId}: disagreements by change`,
          width: 420,
          height: 220,
          data: { values },
          mark: 'bar',
          encoding: {
            x: { field: 'change', type: 'nominal', sort: '-y', axis: { labelAngle: 0 } },
            y: { field: 'leads', type: 'quantitative' },
          },
        },
      },
    ],
  };
}
