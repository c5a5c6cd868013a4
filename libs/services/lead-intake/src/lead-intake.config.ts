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
 * On a PostgreSQL server: a transaction per request, the pool's connections in parallel. Grouped,
 * one serial transaction accepted more than the line could answer under overload (202 answers after 11-37 s and
 * requests left unanswered at 200 and 500 leads/s, where a transaction per request answers the rest 503 at once);
 * docs/benchmarks.md "Concurrent captures grouped into one transaction".
 */
export const DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER = 1;

export function loadLeadIntakeConfig(env: Environment): LeadIntakeConfig {
  const r = new EnvReader(env);
  const set = r.text('INTAKE_CAPTURE_GROUP_MAX') !== undefined;
  return r.done(set ? { captureGroupMax: r.int('INTAKE_CAPTURE_GROUP_MAX', DEFAULT_CAPTURE_GROUP_MAX, 1, 1_000) } : {});
}

/** The bound CaptureGroups keeps: the setting, or the default of the database the process runs on. */
export function captureGroupBound(config: LeadIntakeConfig, driver: SqlDatabase['driver']): number {
  return config.captureGroupMax ?? (driver === 'pglite' ? DEFAULT_CAPTURE_GROUP_MAX : DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER);
}
