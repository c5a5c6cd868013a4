import type { RoutingBacktest } from '@leadline/domain';
import { groupedBarChart, type LabReport } from './lab-report';
import { int, num, pct, table } from './markdown.util';

/** A routing back-test (one replayed policy) as Markdown, JSON and a per-SDR load chart. */
export function routingReport(report: RoutingBacktest): LabReport<RoutingBacktest> {
  const { sla } = report;
  const lines = [
    `# Routing back-test: ${report.policyId} v${report.version}`,
    '',
    `${int(report.requests)} routing requests replayed in the recorded order and at the recorded times; ` +
      `${int(report.sameAsRecorded)} went to the SDR the line chose (${pct(report.requests === 0 ? null : report.sameAsRecorded / report.requests)}).`,
    '',
    table(
      ['measure', 'value'],
      [
        ['nobody could take the lead when requested', int(report.nobodyAtFirst)],
        ['never placed by the end of the history', int(report.neverPlaced)],
        ['landed on an SDR off shift', int(report.offShift)],
        ['landed on an SDR over weekly capacity', int(report.overCapacity)],
        ['inbound leads (first-touch SLA)', int(sla.inboundLeads)],
        ['placed after the SLA was already due', int(sla.placedTooLate)],
        ['expected SLA misses (recorded response times)', num(sla.expectedMisses, 1)],
        ['expected share touched within the SLA', pct(sla.expectedWithinSla)],
      ],
    ),
    '',
    '## Fairness per team',
    '',
    table(
      ['team', 'SDRs', 'max − min', 'Jain', 'recorded max − min', 'recorded Jain'],
      report.fairness.map((f) => [f.team, f.sdrs, f.maxMinusMin, num(f.jain), f.recordedMaxMinusMin, num(f.recordedJain)]),
    ),
    '',
    '## Load per SDR',
    '',
    table(
      ['SDR', 'team', 'leads (replayed)', 'leads (recorded)', 'expected SLA misses'],
      report.perSdr.map((r) => [r.sdrId, r.team, int(r.assigned), int(r.recorded), num(r.expectedSlaMisses, 1)]),
    ),
    '',
  ];
  if (report.differences.length > 0)
    lines.push(
      '## Where it differs from the record',
      '',
      table(
        ['lead', 'request', 'at', 'recorded', 'replayed'],
        report.differences.map((d) => [d.leadId, d.purpose, d.at, d.recorded ?? '(nobody)', d.replayed ?? '(nobody)']),
      ),
      '',
    );
  const values = report.perSdr.flatMap((r) => [
    { sdr: r.sdrId, series: 'recorded', leads: r.recorded },
    { sdr: r.sdrId, series: report.policyId, leads: r.assigned },
  ]);
  return {
    kind: 'routing',
    title: `Routing back-test: ${report.policyId}`,
    markdown: lines.join('\n'),
    json: report,
    charts: [
      groupedBarChart(`routing-load-${report.policyId}`, `Leads per SDR: recorded vs ${report.policyId}`, values, {
        x: 'sdr',
        xTitle: 'SDR',
        y: 'leads',
      }),
    ],
  };
}
