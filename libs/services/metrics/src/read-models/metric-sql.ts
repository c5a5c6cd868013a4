import type { SqlExecutor } from '@leadline/event-store';
import { foldSql, type HistoryTable } from './history-table';

/** Where and as of when a metric is read. */
export interface MetricScope {
  /** Only facts whose business time is at or before this moment count (time travel). */
  readonly asOf: Date;
  /**
   * Only facts the store had recorded by this moment count (bitemporal): asked with the moment an
   * answer was given, it gives that answer again, whatever was recorded later. Default: everything
   * recorded.
   */
  readonly knownAt?: Date | null;
  /**
   * Schema of the fact tables; default `metrics`, the stable views over the live version. Tests
   * and rebuild checks pass a version schema (`metrics_v3`).
   */
  readonly schema?: string;
}

/** A window of domain time: `from` inclusive, `to` exclusive. */
export interface MetricWindow extends MetricScope {
  readonly from: Date;
  readonly to: Date;
}

/** Bucket size: UTC days, ISO weeks (from Monday), calendar months. A bucket is named by its first day, `YYYY-MM-DD`. */
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** One page of a list: the rows asked for and how many match in all. */
export interface Page<Row> {
  readonly total: number;
  readonly rows: Row[];
}

export interface PageRequest {
  readonly limit?: number;
  readonly offset?: number;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const QUALIFIED = /\bmetrics\.(?=[a-z_])/g;

/** The documented SQL reads `metrics.<table>`; another schema (a version being built or checked) is swapped in. */
export function inSchema(sql: string, schema = 'metrics'): string {
  if (!SCHEMA.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema === 'metrics' ? sql : sql.replace(QUALIFIED, `${schema}.`);
}

export async function runMetric<Row>(db: SqlExecutor, sql: string, schema: string | undefined, params: readonly unknown[]): Promise<Row[]> {
  const { rows } = await db.query<Row>(inSchema(sql, schema), params);
  return rows;
}

/**
 * A list's SQL takes LIMIT and OFFSET as its last two parameters and counts every matching row in
 * a `total` column (`count(*) OVER ()`, computed before the page is cut).
 */
export async function runPage<Row extends { readonly total: number }>(
  db: SqlExecutor,
  sql: string,
  schema: string | undefined,
  params: readonly unknown[],
  page: PageRequest,
): Promise<Page<Omit<Row, 'total'>>> {
  const offset = page.offset ?? 0;
  const rows = await runMetric<Row>(db, sql, schema, [...params, page.limit ?? 100, offset]);
  // A page past the end has no row to carry the count: the first row of the list has it.
  const first = rows[0] ?? (offset > 0 ? (await runMetric<Row>(db, sql, schema, [...params, 1, 0]))[0] : undefined);
  return { total: first?.total ?? 0, rows: rows.map(({ total: _total, ...row }) => row) };
}

/** Times travel as ISO strings so both drivers (pg and PGlite) bind them the same way. */
export const instant = (date: Date): string => {
  if (Number.isNaN(date.getTime())) throw new Error('invalid date in a metric');
  return date.toISOString();
};

/** `$1` as_of and `$2` known_at (null: everything recorded), the first two parameters of every metric. */
export const scopeParams = (s: MetricScope): (string | null)[] => [instant(s.asOf), s.knownAt ? instant(s.knownAt) : null];

/** `$1` as_of, `$2` known_at, `$3` from, `$4` to. */
export const windowParams = (w: MetricWindow): (string | null)[] => [...scopeParams(w), instant(w.from), instant(w.to)];

/** A per-event fact known at `$2` (or always, when `$2` is null). */
export const known = (alias: string): string => `($2::timestamptz IS NULL OR ${alias}.recorded_at <= $2::timestamptz)`;

/**
 * A `WITH` part folding a history into its entities as of `$1` and as known at `$2` (the first two
 * parameters of every metric): only `columns`, with `extra` aggregates over each entity's rows.
 */
export const foldAsOf = (history: HistoryTable, columns: readonly string[], extra?: readonly string[]): string =>
  foldSql(history, { columns, extra, bounds: { asOf: '$1', knownAt: '$2' }, indent: '  ' });
