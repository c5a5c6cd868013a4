import type { SqlDatabase } from '@leadline/event-store';
import { EnvReader, type Environment } from '@leadline/platform';

/** Lead-intake settings, validated at start (README.md lists them). */
export interface LeadIntakeConfig {
  /**
   * Most concurrent `POST /leads` captures decided in one transaction (CaptureGroups): while one group's transaction
   * is open, the requests that arrive wait and the next transaction takes up to this many of them; 1 turns grouping
   * off (each request in a transaction of its own, concurrently, as before). Unset: the database's default
   * (captureGroupBound).
   */
  readonly captureGroupMax?: number;
}

/**
 * Embedded on PGlite: its one connection runs the capture transactions one at a time anyway, so
 * grouping only shares them (docs/benchmarks.md: the embedded ceiling at 100 leads/s offered rose with it).
 */
export const DEFAULT_CAPTURE_GROUP_MAX = 64;
/**
 * On a PostgreSQL server: up to 16 of the requests that queue behind an open capture transaction in the next one.
 * At 500 leads/s offered this sustained 241-262 leads/s against 186-211 with a transaction per request (alternated),
 * capture -> assigned p50 178-193 ms against 410-469, 3.1 statements per lead against 7.2-7.3, every request answered
 * within a second (docs/benchmarks.md, "Issue 15, the fourteenth 2026-12-06 session"): per request, lead-intake's
 * transactions waited on its own busy event loop between statements and held the log's horizon for every relay.
 * It was 1 (off) from 2026-12-05, when one serial group accepted more than it could answer under overload; the
 * admission gate in front now answers the rest 503 first. At low rates a group rarely forms (no linger).
 */
export const DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER = 16;

export function loadLeadIntakeConfig(env: Environment): LeadIntakeConfig {
  const r = new EnvReader(env);
  const set = r.text('INTAKE_CAPTURE_GROUP_MAX') !== undefined;
  return r.done(set ? { captureGroupMax: r.int('INTAKE_CAPTURE_GROUP_MAX', DEFAULT_CAPTURE_GROUP_MAX, 1, 1_000) } : {});
}

/** The bound CaptureGroups keeps: the setting, or the default of the database the process runs on. */
export function captureGroupBound(config: LeadIntakeConfig, driver: SqlDatabase['driver']): number {
  return config.captureGroupMax ?? (driver === 'pglite' ? DEFAULT_CAPTURE_GROUP_MAX : DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER);
}
