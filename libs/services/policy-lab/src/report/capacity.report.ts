import type { GrowthRow, ShiftPlan } from '@leadline/domain';
import type { LabReport } from './lab-report';
import { num, pct, table } from './markdown.util';

export interface CapacityReportData {
  readonly plan: ShiftPlan;
  readonly growth: readonly GrowthRow[];
  /** Inbound SDRs on shift per UTC hour of the week today, if known. */
  readonly today: readonly number[] | null;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The capacity plan and the growth what-if as Markdown, JSON and a staffing chart. */
export function capacityReport(data: CapacityReportData): LabReport<CapacityReportData> {
  const { plan } = data;
  const lines = [
    '# Inbound capacity plan',
    '',
    `To touch ${pct(plan.target, 0)} of inbound leads within ${plan.slaMinutes} minutes: **${plan.sdrs} inbound SDRs** on these shifts ` +
      `(simulated ${pct(plan.simulated.serviceLevel)}, Erlang C ${pct(plan.erlangServiceLevel)}; mean wait ${num(plan.simulated.meanWaitMinutes, 2)} min).`,
    '',
    table(
      ['shift (UTC)', 'days', 'SDRs'],
      plan.shifts.map((s) => [`${s.shift.start}-${s.shift.end}`, s.shift.days.map((d) => DAYS[d - 1]).join(', '), s.sdrs]),
    ),
    '',
    '## If lead volume grows',
    '',
    table(
      ['growth', 'leads a week', 'within SLA (simulated)', 'within SLA (Erlang C)', 'mean wait (min)'],
      data.growth.map((g) => [
        `+${Math.round(g.growth * 100)} %`,
        num(g.leadsPerWeek, 0),
        pct(g.simulatedServiceLevel),
        pct(g.erlangServiceLevel),
        num(g.meanWaitMinutes, 2),
      ]),
    ),
    '',
  ];
  const values = plan.required.flatMap((required, hour) => [
    { hour, series: 'needed (Erlang C)', sdrs: required },
    { hour, series: 'planned', sdrs: plan.staffing[hour] },
    ...(data.today ? [{ hour, series: 'today', sdrs: data.today[hour] }] : []),
  ]);
  return {
    kind: 'capacity',
    title: 'Inbound capacity plan',
    markdown: lines.join('\n'),
    json: data,
    charts: [
      {
        name: 'capacity-staffing',
        title: 'Inbound SDRs per UTC hour of the week',
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
          title: 'Inbound SDRs per UTC hour of the week (0 = Monday 00:00)',
          width: 560,
          height: 200,
          data: { values },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { field: 'hour', type: 'quantitative', scale: { domain: [0, 168] } },
            y: { field: 'sdrs', type: 'quantitative', title: 'SDRs' },
            color: { field: 'series', type: 'nominal' },
          },
        },
      },
    ],
  };
}
