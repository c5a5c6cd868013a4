import { DEFAULT_ICP_MODEL, icpModelProblems, type IcpModel } from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';

/** Policy-lab settings, validated at start (README.md lists them). */
export interface PolicyLabConfig {
  /** The model scoring was configured with: what back-tests compare candidates against. */
  readonly activeModel: IcpModel;
}

/** Reads SCORING_MODEL_FILE as scoring does, so the lab judges candidates against the model the line runs. */
export function loadPolicyLabConfig(env: Environment): PolicyLabConfig {
  const r = new EnvReader(env);
  const parsed = r.jsonFile('SCORING_MODEL_FILE');
  if (parsed === undefined) return r.done({ activeModel: DEFAULT_ICP_MODEL });
  icpModelProblems(parsed).forEach((problem) => r.problem(`SCORING_MODEL_FILE ${r.text('SCORING_MODEL_FILE')}: ${problem}`));
  return r.done({ activeModel: parsed as IcpModel });
}
