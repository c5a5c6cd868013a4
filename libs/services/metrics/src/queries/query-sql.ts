import type { SqlExecutor } from '@leadline/event-store';

/** Where and as of when a metric is read. */
export interface QueryScope {
  /** Only facts whose domain time is at or before this moment count (time travel). */
  readonly asOf: Date;
  /**
   * Schema of the fact tables; default `metrics`, the stable views over the live version. Tests
   * and rebuild checks pass a version schema (`metrics_v3`).
   */
  readonly schema?: string;
}

/** A window of domain time: `from` inclusive, `to` exclusive. */
export interface QueryWindow extends QueryScope {
  readonly from: Date;
  readonly to: Date;
}

/** Bucket size: UTC days, ISO weeks (from Monday), calendar months. A bucket is named by its first day, `YYYY-MM-DD`. */
export type Period = 'day' | 'week' | 'month';

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const QUALIFIED = /\bmetrics\.(?=[a-z_])/g;

/** The documented SQL reads `metrics.<table>`; another schema (a version being built or checked) is swapped in. */
export function inSchema(sql: string, schema = 'metrics'): string {
  if (!SCHEMA.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema === 'metrics' ? sql : sql.replace(QUALIFIED, `${schema}.`);
}

export async function runQuery<Row>(db: SqlExecutor, sql: string, schema: string | undefined, params: readonly unknown[]): Promise<Row[]> {
  const { rows } = await db.query<Row>(inSchema(sql, schema), params);
  return rows;
}

/** Times travel as ISO strings so both drivers (pg and PGlite) bind them the same way. */
export const instant = (date: Date): string => {
  if (Number.isNaN(date.getTime())) throw new Error('invalid date in a metric query');
  return date.toISOString();
};

export const windowParams = (w: QueryWindow): string[] => [instant(w.asOf), instant(w.from), instant(w.to)];
