import type { IcpModel } from '../scoring/icp-model';
import { scoreLead } from '../scoring/score-lead';
import type { Grade } from '../scoring/scoring.events';
import type { FeatureSnapshot } from './feature-snapshot';
import { NO_OUTCOME, type LeadOutcome } from './lead-outcomes';
import { calibrationTable, liftAtTop, rocAuc, type CalibrationRow } from './ranking-metrics';

const GRADES: readonly Grade[] = ['A', 'B', 'C', 'F'];

export interface GradeRow {
  readonly grade: Grade;
  readonly leads: number;
  readonly share: number;
  readonly qualifiedRate: number | null;
  readonly opportunityRate: number | null;
  readonly winRate: number | null;
  readonly wonAmount: number;
}

export interface RankingQuality {
  readonly positives: number;
  readonly baseRate: number;
  readonly auc: number | null;
  readonly liftTopDecile: number | null;
}

export interface ModelEvaluation {
  readonly modelId: string;
  readonly version: number;
  readonly role: 'active' | 'candidate';
  readonly grades: readonly GradeRow[];
  readonly qualification: RankingQuality;
  readonly wins: RankingQuality;
  readonly calibration: readonly CalibrationRow[];
}

export interface GradeChange {
  readonly leadId: string;
  readonly from: Grade;
  readonly to: Grade;
  readonly fromScore: number;
  readonly toScore: number;
  readonly outcome: LeadOutcome;
}

export interface CandidateComparison {
  readonly modelId: string;
  readonly version: number;
  /** Leads whose grade would change, A first; with what became of them. */
  readonly changes: readonly GradeChange[];
  readonly movedUp: { readonly leads: number; readonly qualified: number; readonly won: number };
  readonly movedDown: { readonly leads: number; readonly qualified: number; readonly won: number };
  readonly aucDelta: { readonly qualification: number | null; readonly wins: number | null };
  /** One plain sentence per finding, for the report's summary. */
  readonly verdict: readonly string[];
}

export interface ScoringBacktest {
  readonly leads: number;
  readonly models: readonly ModelEvaluation[];
  readonly comparisons: readonly CandidateComparison[];
}

interface Rescored {
  readonly snapshot: FeatureSnapshot;
  readonly outcome: LeadOutcome;
  readonly score: number;
  readonly grade: Grade;
}

const rate = (members: readonly Rescored[], pick: (o: LeadOutcome) => boolean) =>
  members.length === 0 ? null : members.filter((m) => pick(m.outcome)).length / members.length;

function quality(rows: readonly Rescored[], pick: (o: LeadOutcome) => boolean): RankingQuality {
  const scores = rows.map((r) => r.score);
  const labels = rows.map((r) => pick(r.outcome));
  const positives = labels.filter(Boolean).length;
  return {
    positives,
    baseRate: rows.length === 0 ? 0 : positives / rows.length,
    auc: rocAuc(scores, labels),
    liftTopDecile: liftAtTop(scores, labels),
  };
}

function evaluate(model: IcpModel, role: ModelEvaluation['role'], rows: readonly Rescored[]): ModelEvaluation {
  const grades = GRADES.map((grade): GradeRow => {
    const members = rows.filter((r) => r.grade === grade);
    return {
      grade,
      leads: members.length,
      share: rows.length === 0 ? 0 : members.length / rows.length,
      qualifiedRate: rate(members, (o) => o.qualified),
      opportunityRate: rate(members, (o) => o.opportunity),
      winRate: rate(members, (o) => o.won),
      wonAmount: members.reduce((sum, m) => sum + m.outcome.amount, 0),
    };
  });
  return {
    modelId: model.modelId,
    version: model.version,
    role,
    grades,
    qualification: quality(rows, (o) => o.qualified),
    wins: quality(rows, (o) => o.won),
    calibration: calibrationTable(
      rows.map((r) => r.score),
      rows.map((r) => r.outcome.qualified),
      rows.map((r) => r.outcome.won),
    ),
  };
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

function verdict(name: string, active: ModelEvaluation, candidate: ModelEvaluation): string[] {
  const lines: string[] = [];
  for (const [what, key] of [
    ['qualified leads', 'qualification'],
    ['won deals', 'wins'],
  ] as const) {
    const a = active[key].auc;
    const c = candidate[key].auc;
    const d = delta(c, a);
    if (d === null) lines.push(`${name}: no ${what} in the history, so it cannot be compared on them.`);
    else if (Math.abs(d) < 0.005) lines.push(`${name} ranks ${what} as well as the active model (AUC ${fmt(c)} vs ${fmt(a)}).`);
    else if (d > 0) lines.push(`${name} ranks ${what} better than the active model: AUC ${fmt(c)} vs ${fmt(a)} (+${d.toFixed(3)}).`);
    else lines.push(`WARNING: ${name} ranks ${what} lower than the active model: AUC ${fmt(c)} vs ${fmt(a)} (${d.toFixed(3)}).`);
  }
  return lines;
}

const GRADE_ORDER: Record<Grade, number> = { A: 0, B: 1, C: 2, F: 3 };

function compare(
  model: IcpModel,
  active: readonly Rescored[],
  candidate: readonly Rescored[],
  evaluations: [ModelEvaluation, ModelEvaluation],
) {
  const changes: GradeChange[] = [];
  candidate.forEach((c, i) => {
    const a = active[i];
    if (a.grade !== c.grade)
      changes.push({ leadId: c.snapshot.leadId, from: a.grade, to: c.grade, fromScore: a.score, toScore: c.score, outcome: c.outcome });
  });
  changes.sort(
    (x, y) => GRADE_ORDER[x.to] - GRADE_ORDER[y.to] || GRADE_ORDER[x.from] - GRADE_ORDER[y.from] || x.leadId.localeCompare(y.leadId),
  );
  const tally = (list: readonly GradeChange[]) => ({
    leads: list.length,
    qualified: list.filter((c) => c.outcome.qualified).length,
    won: list.filter((c) => c.outcome.won).length,
  });
  const [activeEval, candidateEval] = evaluations;
  const name = `${model.modelId} v${model.version}`;
  return {
    modelId: model.modelId,
    version: model.version,
    changes,
    movedUp: tally(changes.filter((c) => GRADE_ORDER[c.to] < GRADE_ORDER[c.from])),
    movedDown: tally(changes.filter((c) => GRADE_ORDER[c.to] > GRADE_ORDER[c.from])),
    aucDelta: {
      qualification: delta(candidateEval.qualification.auc, activeEval.qualification.auc),
      wins: delta(candidateEval.wins.auc, activeEval.wins.auc),
    },
    verdict: verdict(name, activeEval, candidateEval),
  };
}

/**
 * Replays every recorded feature snapshot through the active model and each candidate, and grades
 * them against what became of the leads: grade mix, conversion by grade, ranking quality (ROC AUC,
 * lift in the top decile) for qualification and for wins, a calibration table, and the leads whose
 * grade a candidate would change. Pure: the same snapshots and models give the same report.
 */
export function backtestScoring(
  snapshots: readonly FeatureSnapshot[],
  outcomes: ReadonlyMap<string, LeadOutcome>,
  active: IcpModel,
  candidates: readonly IcpModel[],
): ScoringBacktest {
  const ordered = [...snapshots].sort((a, b) => a.leadId.localeCompare(b.leadId));
  const rescore = (model: IcpModel): Rescored[] =>
    ordered.map((snapshot) => {
      const { score, grade } = scoreLead(snapshot.input, model).data;
      return { snapshot, outcome: outcomes.get(snapshot.leadId) ?? NO_OUTCOME, score, grade };
    });
  const activeRows = rescore(active);
  const activeEval = evaluate(active, 'active', activeRows);
  const models: ModelEvaluation[] = [activeEval];
  const comparisons: CandidateComparison[] = [];
  for (const model of candidates) {
    const rows = rescore(model);
    const evaluation = evaluate(model, 'candidate', rows);
    models.push(evaluation);
    comparisons.push(compare(model, activeRows, rows, [activeEval, evaluation]));
  }
  return { leads: ordered.length, models, comparisons };
}
