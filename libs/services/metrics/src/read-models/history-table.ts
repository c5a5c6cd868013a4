import { col, key, type Column, type FactTable } from './fact-table';

/**
 * A bitemporal history of entities (leads, appointments, ...): one row per event and entity with
 * what the event says about it, when it happened (`at`, business time; null for a correction that
 * holds from the start, such as an unmerge) and when the store recorded it (`recorded_at`, and its
 * `log_position` for ties). Nothing is folded on write: the entity as of T as known at K is the fold
 * of its rows with `at` ≤ T (or null) and `recorded_at` ≤ K, by the columns' merge rules, so a fact
 * recorded late never changes an answer given before it was known.
 *
 * The rows live in `<name>` (e.g. `lead_facts`); the view `<view>` (e.g. `leads`) folds all of them:
 * every entity as known now.
 */
export interface HistoryTable {
  readonly name: string;
  readonly view: string;
  /** The entity's key, one row per entity in the view. */
  readonly keys: readonly string[];
  /** The entity's attributes with their merge rules (`key` columns are not allowed here). */
  readonly columns: readonly Column[];
  readonly indexes?: readonly string[];
}

/** The columns every history row carries besides the entity's: the event and both times. */
export const HISTORY_COLUMNS = ['event_id', 'event', 'at', 'recorded_at', 'log_position'] as const;

const storages = new WeakMap<HistoryTable, FactTable>();

/** The physical per-event table: written once per event, never updated. */
export function storageOf(history: HistoryTable): FactTable {
  let storage = storages.get(history);
  if (!storage) {
    storage = {
      name: history.name,
      insertOnly: true,
      // Keyed by the log position first: rows arrive in log order, so the key index grows at its right edge.
      columns: [
        key('log_position', 'bigint'),
        ...history.keys.map((k) => key(k)),
        col('event_id'),
        col('event'),
        col('at', 'timestamptz'),
        col('recorded_at', 'timestamptz'),
        ...history.columns.map((c) => col(c.name, c.type)),
      ],
      indexes: history.indexes,
    };
    storages.set(history, storage);
  }
  return storage;
}

export function isHistory(table: FactTable | HistoryTable): table is HistoryTable {
  return 'view' in table;
}

/** The aggregate that folds one column over an entity's rows (`f`), the same rules the fact tables merge by. */
function aggregate(column: Column): string {
  const c = `f.${column.name}`;
  const merge = column.merge;
  switch (merge.kind) {
    case 'key':
      throw new Error(`history column ${column.name}: keys belong in \`keys\``);
    case 'keep':
      return `(array_agg(${c} ORDER BY f.log_position) FILTER (WHERE ${c} IS NOT NULL))[1]`;
    case 'min':
      return `min(${c})`;
    case 'max':
      return `max(${c})`;
    case 'latest': {
      // The value of the event that happened last (business time), not the one recorded last.
      const by = `f.${merge.marker ?? column.name}`;
      return `(array_agg(${c} ORDER BY ${by} DESC, f.log_position DESC) FILTER (WHERE ${by} IS NOT NULL))[1]`;
    }
    case 'atMin':
      return `(array_agg(${c} ORDER BY f.${merge.of}, f.log_position) FILTER (WHERE f.${merge.of} IS NOT NULL))[1]`;
  }
}

export interface FoldOptions {
  /** Only these attributes (default all), in the table's order. */
  readonly columns?: readonly string[];
  /** Extra aggregates over the entity's rows, e.g. `count(*) FILTER (WHERE f.event = 'ActivityLogged') AS attempts`. */
  readonly extra?: readonly string[];
  /** The parameters of T (as of) and K (known at, null: everything recorded); none: every row. */
  readonly bounds?: { readonly asOf: string; readonly knownAt: string };
  /** Schema of the rows; metric SQL reads `metrics`. */
  readonly schema?: string;
  /** Indentation of the lines after the first. */
  readonly indent?: string;
}

/** The rows an entity's state is folded from: happened by T (or timeless) and recorded by K. */
export function boundsSql(alias: string, asOf: string, knownAt: string): string {
  return `(${alias}.at IS NULL OR ${alias}.at <= ${asOf}::timestamptz) AND (${knownAt}::timestamptz IS NULL OR ${alias}.recorded_at <= ${knownAt}::timestamptz)`;
}

/** One SELECT folding the history into one row per entity, as of T and as known at K when bounded. */
export function foldSql(history: HistoryTable, options: FoldOptions = {}): string {
  const indent = options.indent ?? '';
  const wanted = options.columns ? new Set(options.columns) : null;
  if (wanted)
    for (const name of wanted) if (!history.columns.some((c) => c.name === name)) throw new Error(`${history.name} has no ${name}`);
  const columns = history.columns.filter((c) => !wanted || wanted.has(c.name));
  const selected = [...history.keys.map((k) => `f.${k}`), ...columns.map((c) => `${aggregate(c)} AS ${c.name}`), ...(options.extra ?? [])];
  const lines = [
    `SELECT ${selected.join(`,\n${indent}       `)}`,
    `FROM ${options.schema ?? 'metrics'}.${history.name} f`,
    ...(options.bounds ? [`WHERE ${boundsSql('f', options.bounds.asOf, options.bounds.knownAt)}`] : []),
    `GROUP BY ${history.keys.map((k) => `f.${k}`).join(', ')}`,
  ];
  return lines.join(`\n${indent}`);
}

/** The view of every entity as known now, in the version schema. */
export function historyViewDdl(schema: string, history: HistoryTable): string {
  return `CREATE OR REPLACE VIEW ${schema}.${history.view} AS\n${foldSql(history, { schema })}`;
}
