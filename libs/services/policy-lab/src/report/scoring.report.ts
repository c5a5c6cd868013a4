import type { ModelEvaluation, ScoringBacktest } from '@leadline/domain';
import type { LabChart, LabReport } from './lab-report';
import { int, num, pct, table } from './markdown.util';

const name = (m: Pick<ModelEvaluation, 'modelId' | 'version'>) => `${m.modelId} v${m.version}`;

function charts(backtest: ScoringBacktest): LabChart[] {
  const grades = backtest.models.flatMap((m) =>
    m.grades.map((g) => ({ model: name(m), grade: g.grade, leads: g.leads, qualifiedRate: g.qualifiedRate ?? 0 })),
  );
  const calibration = backtest.models.flatMap((m) =>
    m.calibration
      .filter((row) => row.leads > 0)
      .map((row) => ({ model: name(m), band: row.from, qualifiedRate: row.qualifiedRate ?? 0, leads: row.leads })),
  );
  return [
    {
      name: 'scoring-conversion-by-grade',
      title: 'Qualification rate by grade, per model',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: 'Qualification rate by grade',
        width: 360,
        height: 220,
        data: { values: grades },
        mark: 'bar',
        encoding: {
          x: { field: 'grade', type: 'nominal', sort: ['A', 'B', 'C', 'F'], axis: { labelAngle: 0 } },
          xOffset: { field: 'model', type: 'nominal' },
          y: { field: 'qualifiedRate', type: 'quantitative', axis: { format: '%' }, title: 'qualified' },
          color: { field: 'model', type: 'nominal' },
        },
      },
    },
    {
      name: 'scoring-calibration',
      title: 'Observed qualification rate by score band, per model',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: 'Calibration: qualified share by score band',
        width: 360,
        height: 220,
        data: { values: calibration },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'band', type: 'quantitative', title: 'score band (from)', scale: { domain: [0, 90] } },
          y: { field: 'qualifiedRate', type: 'quantitative', axis: { format: '%' }, title: 'qualified' },
          color: { field: 'model', type: 'nominal' },
        },
      },
    },
  ];
}

/** The scoring back-test as Markdown, JSON and charts. */
export function scoringReport(backtest: ScoringBacktest, maxChanges = 20): LabReport<ScoringBacktest> {
  const lines = [`# Scoring back-test`, '', `${int(backtest.leads)} scored leads replayed through ${backtest.models.length} models.`, ''];
  lines.push('## Verdict', '', ...backtest.comparisons.flatMap((c) => c.verdict.map((v) => `- ${v}`)), '');
  lines.push(
    '## Ranking quality',
    '',
    table(
      ['model', 'role', 'AUC qualified', 'lift top 10 % qualified', 'AUC won', 'lift top 10 % won'],
      backtest.models.map((m) => [
        name(m),
        m.role,
        num(m.qualification.auc),
        num(m.qualification.liftTopDecile, 2),
        num(m.wins.auc),
        num(m.wins.liftTopDecile, 2),
      ]),
    ),
    '',
  );
  for (const m of backtest.models) {
    lines.push(
      `## ${name(m)}: grades and conversion`,
      '',
      table(
        ['grade', 'leads', 'share', 'qualified', 'opportunity', 'won', 'won amount'],
        m.grades.map((g) => [
          g.grade,
          int(g.leads),
          pct(g.share),
          pct(g.qualifiedRate),
          pct(g.opportunityRate),
          pct(g.winRate),
          int(g.wonAmount),
        ]),
      ),
      '',
      `Calibration of ${name(m)}:`,
      '',
      table(
        ['score band', 'leads', 'mean score', 'qualified', 'won'],
        m.calibration.map((row) => [
          `${row.from}-${row.to}`,
          int(row.leads),
          num(row.meanScore, 1),
          pct(row.qualifiedRate),
          pct(row.winRate),
        ]),
      ),
      '',
    );
  }
  for (const c of backtest.comparisons) {
    lines.push(
      `## Grade changes under ${c.modelId} v${c.version}`,
      '',
      `${int(c.changes.length)} leads would change grade: ${int(c.movedUp.leads)} up (${int(c.movedUp.qualified)} of them qualified, ${int(c.movedUp.won)} won), ` +
        `${int(c.movedDown.leads)} down (${int(c.movedDown.qualified)} qualified, ${int(c.movedDown.won)} won).`,
      '',
      table(
        ['lead', 'active grade', 'candidate grade', 'score (active → candidate)', 'qualified', 'won', 'amount'],
        c.changes
          .slice(0, maxChanges)
          .map((g) => [
            g.leadId,
            g.from,
            g.to,
            `${g.fromScore} → ${g.toScore}`,
            g.outcome.qualified ? 'yes' : 'no',
            g.outcome.won ? 'yes' : 'no',
            int(g.outcome.amount),
          ]),
      ),
      c.changes.length > maxChanges ? `\n… and ${int(c.changes.length - maxChanges)} more in the JSON report.` : '',
      '',
    );
  }
  return { kind: 'scoring', title: 'Scoring back-test', markdown: lines.join('\n'), json: backtest, charts: charts(backtest) };
}
