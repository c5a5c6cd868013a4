import type { TrainingReport } from '@leadline/domain';
import type { LabReport } from './lab-report';
import { int, num, table } from './markdown.util';

/** A training run as Markdown (drivers, held-out comparison, the model) and JSON. */
export function trainingReport(report: TrainingReport): LabReport<TrainingReport> {
  const m = report.model;
  const lines = [
    `# Learned scoring model: ${m.modelId} v${m.version}`,
    '',
    `Trained on ${int(report.trainLeads)} leads to predict "${report.target}" (${int(report.positives)} positives in the settled history) with ${report.fitter}; ` +
      `${int(report.holdOutLeads)} leads held out.`,
    '',
    table(
      ['held-out leads', 'AUC', 'lift top 10 %'],
      [
        ['learned model', num(report.holdOut.learnedAuc), num(report.holdOut.learnedLift, 2)],
        ['active model', num(report.holdOut.activeAuc), num(report.holdOut.activeLift, 2)],
      ],
    ),
    '',
    '## What drives the outcome',
    '',
    table(
      ['factor', 'value', 'coefficient', 'odds ×'],
      report.drivers.map((d) => [d.factor, d.level, num(d.coefficient, 2), num(d.oddsRatio, 2)]),
    ),
    '',
    '## The model (ICP format)',
    '',
    table(
      ['factor', 'weight'],
      Object.entries(m.weights).map(([factor, weight]) => [factor, weight]),
    ),
    '',
    `Thresholds: A ≥ ${m.thresholds.A}, B ≥ ${m.thresholds.B}, C ≥ ${m.thresholds.C} (the active model's share of each grade).`,
    '',
    ...(report.adjustments.length > 0 ? ['Adjusted to the ICP format’s rules:', '', ...report.adjustments.map((a) => `- ${a}`), ''] : []),
    '```json',
    JSON.stringify(m, null, 2),
    '```',
    '',
  ];
  return {
    kind: 'training',
    title: `Learned scoring model ${m.modelId} v${m.version}`,
    markdown: lines.join('\n'),
    json: report,
    charts: [],
  };
}
