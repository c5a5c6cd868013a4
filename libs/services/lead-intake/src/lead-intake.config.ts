import { EnvReader, type Environment } from '@leadline/platform';

/** Lead-intake settings, validated at start (README.md lists them). */
export interface LeadIntakeConfig {
  /**
   * Most concurrent `POST /leads` captures decided in one transaction (CaptureGroups): while one group's transaction
   * is open, the requests that arrive wait and the next transaction takes up to this many of them; 1 turns grouping
   * off (each request in a transaction of its own, concurrently, as before). Unset: DEFAULT_CAPTURE_GROUP_MAX.
   */
  readonly captureGroupMax?: number;
}

/**
 * Up to 64 of the requests that queue behind an open capture transaction go in the next one, on either database.
 * Embedded on PGlite: its one connection runs the capture transactions one at a time anyway, so grouping only shares
 * them (docs/benchmarks.md: the embedded ceiling at 100 leads/s offered rose with it). On a PostgreSQL server: at 500
 * leads/s offered, 60 s, this sustained 327.9 leads/s with a lag that did not grow, against 261.8 with 16 and 211.1
 * with a transaction per request (1); 30-s pairs: 225-337 with 64, 220-248 with 16, 186-196 with 1; 1.8 statements per
 * lead against 3.1 and 7.3, every request answered within a second; under overload a bigger group costs latency
 * (capture -> assigned p50 228-367 ms against 178-196 with 16). docs/benchmarks.md, "Issue 15, the fourteenth
 * 2026-12-06 session". Per request, lead-intake's transactions waited on its own busy event loop between statements and
 * held the log's horizon for every relay meanwhile. It was 1 (off) from 2026-12-05, when one serial group accepted more
 * than it could answer under overload; the admission gate in front now answers the rest 503 first. At low rates a group
 * rarely forms (no linger), so the bound only matters under load.
 */
export const DEFAULT_CAPTURE_GROUP_MAX = 64;

export function loadLeadIntakeConfig(env: Environment): LeadIntakeConfig {
  const r = new EnvReader(env);
  const set = r.text('INTAKE_CAPTURE_GROUP_MAX') !== undefined;
  return r.done(set ? { captureGroupMax: r.int('INTAKE_CAPTURE_GROUP_MAX', DEFAULT_CAPTURE_GROUP_MAX, 1, 1_000) } : {});
}

/** The bound CaptureGroups keeps: the setting, or the default (the same on PGlite and on a PostgreSQL server). */
export function captureGroupBound(config: LeadIntakeConfig): number {
  return config.captureGroupMax ?? DEFAULT_CAPTURE_GROUP_MAX;
}
