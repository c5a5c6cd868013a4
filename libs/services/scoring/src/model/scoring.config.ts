import { readFileSync } from 'node:fs';
import { icpModelProblems, type IcpModel } from '@leadline/domain';
import { ConfigurationError } from '@leadline/platform';
import { DEFAULT_ICP_MODEL } from './default-icp-model';

export const SCORING_MODEL = Symbol('SCORING_MODEL');

/** The active model: SCORING_MODEL_FILE (a JSON file, validated) when set, else the shipped default. */
export function loadScoringModel(env: Readonly<Record<string, string | undefined>>): IcpModel {
  const file = env['SCORING_MODEL_FILE']?.trim();
  if (!file) return DEFAULT_ICP_MODEL;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError([`SCORING_MODEL_FILE must name a readable JSON file (${file}: ${(error as Error).message})`]);
  }
  const problems = icpModelProblems(parsed);
  if (problems.length > 0) throw new ConfigurationError(problems.map((p) => `SCORING_MODEL_FILE ${file}: ${p}`));
  return parsed as IcpModel;
}
