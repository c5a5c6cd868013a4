import { DEFAULT_ICP_MODEL, icpModelProblems, type IcpModel } from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';

/** Scoring settings, validated at start (README.md lists them). */
export interface ScoringConfig {
  /** The model new leads are scored with. */
  readonly model: IcpModel;
}

export function loadScoringConfig(env: Environment): ScoringConfig {
  return { model: loadScoringModel(env) };
}

/** The configured model: SCORING_MODEL_FILE (a JSON file, validated) when set, else the shipped default. */
export function loadScoringModel(env: Environment): IcpModel {
  const r = new EnvReader(env);
  const parsed = r.jsonFile('SCORING_MODEL_FILE');
  if (parsed === undefined) return r.done(DEFAULT_ICP_MODEL);
  icpModelProblems(parsed).forEach((problem) => r.problem(`SCORING_MODEL_FILE ${r.text('SCORING_MODEL_FILE')}: ${problem}`));
  return r.done(parsed as IcpModel);
}
