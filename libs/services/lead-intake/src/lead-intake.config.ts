import { EnvReader, type Environment } from '@leadline/platform';

/** Lead-intake settings, validated at start (README.md lists them). */
export interface LeadIntakeConfig {
  /**
   * Most concurrent `POST /leads` captures decided in one transaction (CaptureGroups): while one group's transaction
   * is open, the requests that arrive wait and the next transaction takes up to this many of them; 1 turns grouping
   * off (each request in a transaction of its own, concurrently, as before).
   */
  readonly captureGroupMax: number;
}

export const DEFAULT_CAPTURE_GROUP_MAX = 64;

export function loadLeadIntakeConfig(env: Environment): LeadIntakeConfig {
  const r = new EnvReader(env);
  return r.done({ captureGroupMax: r.int('INTAKE_CAPTURE_GROUP_MAX', DEFAULT_CAPTURE_GROUP_MAX, 1, 1_000) });
}
