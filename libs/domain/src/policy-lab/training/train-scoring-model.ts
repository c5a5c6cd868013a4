import type { IcpModel } from '../../scoring/icp-model';
import { icpModelProblems } from '../../scoring/icp-model.validation';
import { scoreLead, gradeOf } from '../../scoring/score-lead';
import { seededRandom } from '../../shared/seeded-random';
import type { FeatureSnapshot } from '../feature-snapshot';
import { NO_OUTCOME, type LeadOutcome } from '../lead-outcomes';
import { PolicyLabError } from '../policy-lab.errors';
import { liftAtTop, rocAuc } from '../ranking-metrics';
import { buildVocabulary, encode, type FeatureColumn } from './feature-encoding';
import { icpModelFromFit } from './learned-icp-model';
import type { ModelFitter } from './model-fitter.port';

export type TrainingTarget = 'qualified' | 'won';

export interface TrainingOptions {
  readonly target: TrainingTarget;
  readonly modelId: string;
  readonly version: number;
  /** The model live now: the learned one keeps its grade mix, and is compared with it on the held-out leads. */
  readonly active: IcpModel;
  readonly seed: number;
  readonly holdOutShare?: number;
  readonly minLeads?: number;
  /** Fewest leads of each label (converted and not) the fit needs. */
  readonly minPerLabel?: number;
  /** Only leads scored before this moment count: younger ones have not had time to convert. */
  readonly settledBefore?: string;
}

export interface Driver extends FeatureColumn {
  readonly coefficient: number;
  readonly oddsRatio: number;
}

export interface TrainingReport {
  readonly target: TrainingTarget;
  readonly fitter: string;
  readonly trainLeads: number;
  readonly holdOutLeads: number;
  readonly positives: number;
  readonly model: IcpModel;
  /** The features that raise the odds most, largest first. */
  readonly drivers: readonly Driver[];
  readonly holdOut: {
    readonly learnedAuc: number | null;
    readonly activeAuc: number | null;
    readonly learnedLift: number | null;
    readonly activeLift: number | null;
  };
  readonly adjustments: readonly string[];
}

export const MIN_TRAINING_LEADS = 200;
export const MIN_PER_LABEL = 30;

const labelOf = (outcome: LeadOutcome, target: TrainingTarget) => (target === 'qualified' ? outcome.qualified : outcome.won);

/** Thresholds that give the learned scores the active model's share of A, B and C leads, so the SDRs' workload per grade stays the same. */
function matchingThresholds(
  learned: readonly number[],
  activeGrades: readonly string[],
  fallback: IcpModel['thresholds'],
): IcpModel['thresholds'] {
  const sorted = [...learned].sort((a, b) => b - a);
  const cut = (grades: string[]) => {
    const k = activeGrades.filter((g) => grades.includes(g)).length;
    return k === 0 ? 100 : sorted[Math.min(sorted.length, k) - 1];
  };
  const A = Math.min(100, cut(['A']));
  const B = Math.min(A - 1, cut(['A', 'B']));
  const C = Math.min(B - 1, cut(['A', 'B', 'C']));
  return C >= 0 && A > B && B > C ? { A, B, C } : fallback;
}

/** Seeded shuffle (Fisher-Yates): the same seed always splits the same way. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Learns an ICP model from the organisation's own history: the recorded feature snapshots against
 * whether each lead qualified (or was won). Refuses when the history is too thin to learn from;
 * holds out a seeded share of the leads to compare the learned model with the active one on leads
 * neither saw; the result is an ordinary ICP model version that back-tests and shadows like any other.
 */
export function trainScoringModel(
  snapshots: readonly FeatureSnapshot[],
  outcomes: ReadonlyMap<string, LeadOutcome>,
  fitter: ModelFitter,
  options: TrainingOptions,
): TrainingReport {
  const minLeads = options.minLeads ?? MIN_TRAINING_LEADS;
  const minPerLabel = options.minPerLabel ?? MIN_PER_LABEL;
  const settled = [...snapshots]
    .filter((s) => options.settledBefore === undefined || s.input.scoredAt < options.settledBefore)
    .sort((a, b) => a.leadId.localeCompare(b.leadId));
  const labelled = settled.map((snapshot) => ({ snapshot, label: labelOf(outcomes.get(snapshot.leadId) ?? NO_OUTCOME, options.target) }));
  const positives = labelled.filter((l) => l.label).length;
  const negatives = labelled.length - positives;
  if (labelled.length < minLeads || positives < minPerLabel || negatives < minPerLabel) {
    throw new PolicyLabError(
      'too-little-history',
      `cannot learn a scoring model for "${options.target}" from ${labelled.length} settled leads (${positives} ${options.target}, ${negatives} not): ` +
        `it needs at least ${minLeads} leads and ${minPerLabel} of each outcome`,
    );
  }
  const split = shuffled(labelled, options.seed);
  const holdOutCount = Math.round(split.length * (options.holdOutShare ?? 0.3));
  const holdOut = split.slice(0, holdOutCount);
  const train = split.slice(holdOutCount);
  const vocabulary = buildVocabulary(train.map((t) => t.snapshot.input));
  const fit = fitter.fit(
    train.map((t) => encode(t.snapshot.input, vocabulary)),
    train.map((t) => t.label),
  );
  const { model: parts, adjustments } = icpModelFromFit(fit, vocabulary, { modelId: options.modelId, version: options.version });
  const provisional: IcpModel = { ...parts, thresholds: options.active.thresholds };
  const trainScores = train.map((t) => scoreLead(t.snapshot.input, provisional).data.score);
  const activeGrades = train.map((t) => gradeOf(scoreLead(t.snapshot.input, options.active).data.score, options.active.thresholds));
  const model: IcpModel = { ...parts, thresholds: matchingThresholds(trainScores, activeGrades, options.active.thresholds) };
  const problems = icpModelProblems(model);
  if (problems.length > 0) throw new PolicyLabError('invalid-candidate', `the learned model breaks the ICP format: ${problems.join('; ')}`);

  const labels = holdOut.map((h) => h.label);
  const scoresBy = (m: IcpModel) => holdOut.map((h) => scoreLead(h.snapshot.input, m).data.score);
  const drivers = vocabulary.columns
    .map((column, i) => ({ ...column, coefficient: fit.coefficients[i] ?? 0, oddsRatio: Math.exp(fit.coefficients[i] ?? 0) }))
    .filter((d) => d.coefficient > 0)
    .sort((a, b) => b.coefficient - a.coefficient)
    .slice(0, 10);
  return {
    target: options.target,
    fitter: fitter.name,
    trainLeads: train.length,
    holdOutLeads: holdOut.length,
    positives,
    model,
    drivers,
    holdOut: {
      learnedAuc: rocAuc(scoresBy(model), labels),
      activeAuc: rocAuc(scoresBy(options.active), labels),
      learnedLift: liftAtTop(scoresBy(model), labels),
      activeLift: liftAtTop(scoresBy(options.active), labels),
    },
    adjustments,
  };
}
