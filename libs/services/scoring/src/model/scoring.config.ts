import { readFileSync } from 'node:fs';
import { icpModelProblems, type IcpModel } from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';
import { DEFAULT_ICP_MODEL } from './default-icp-model';

/** Scoring settings, validated at start (README.md lists them). */
export interface ScoringConfig {
  /** The model new leads are scored with. */
  readonly model: IcpModel;
}

export function loadScoringConfig(env: Environment): ScoringConfig {
  return { model: loadScoringModel(env) };
}

/** The active model: SCORING_MODEL_FILE (a JSON file, validated) when set, else the shipped default. */
export function loadScoringModel(env: Environment): IcpModel {
  const r = new EnvReader(env);
  const file = r.text('SCORING_MODEL_FILE');
  if (!file) return DEFAULT_ICP_MODEL;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    r.problem(`SCORING_MODEL_FILE must name a readable JSON file (${file}: ${(error as Error).message})`);
    return r.done(DEFAULT_ICP_MODEL);
  }
  icpModelProblems(parsed).forEach((problem) => r.problem(`SCORING_MODEL_FILE ${file}: ${problem}`));
  return r.done(parsed as IcpModel);
}
