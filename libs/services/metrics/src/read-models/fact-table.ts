import type { SqlExecutor } from '@leadline/event-store';

export type ColumnType = 'text' | 'timestamptz' | 'boolean' | 'integer' | 'bigint' | 'double precision' | 'numeric';

/**
 * How a column folds when several events (in this batch or in earlier ones) write the same row.
 * Each rule has one in-memory form and one SQL form that agree, so a row is the same whether its
 * events arrived in one batch or in many:
 * - `key`: part of the primary key.
 * - `keep`: the first non-null value in log order.
 * - `min` / `max`: the smallest / largest value (domain times: first and last occurrence).
 * - `latest`: the value carried by the last event (log order) whose `marker` column is non-null;
 *   without a marker, the last non-null value.
 * - `atMin`: the value written together with the smallest `of` (e.g. the SDR of the first touch);
 *   on a tie the earlier event in log order keeps it.
 */
export type Merge =
  | { readonly kind: 'key' }
  | { readonly kind: 'keep' }
  | { readonly kind: 'min' }
  | { readonly kind: 'max' }
  | { readonly kind: 'latest'; readonly marker?: string }
  | { readonly kind: 'atMin'; readonly of: string };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly merge: Merge;
}

export interface FactTable {
  readonly name: string;
  readonly columns: readonly Column[];
  /** Per-event tables: a row never changes once written (a redelivered event is a no-op). */
  readonly insertOnly?: boolean;
  /** Extra indexes, each a column list such as `captured_at` or `sdr_id, at`. */
  readonly indexes?: readonly string[];
}

export type Value = string | number | boolean | null;
export type Row = Readonly<Record<string, Value | undefined>>;

export const key = (name: string, type: ColumnType = 'text'): Column => ({ name, type, merge: { kind: 'key' } });
export const keep = (name: string, type: ColumnType = 'text'): Column => ({ name, type, merge: { kind: 'keep' } });
export const first = (name: string, type: ColumnType = 'timestamptz'): Column => ({ name, type, merge: { kind: 'min' } });
export const last = (name: string, type: ColumnType = 'timestamptz'): Column => ({ name, type, merge: { kind: 'max' } });
export const latest = (name: string, type: ColumnType = 'text', marker?: string): Column => ({
  name,
  type,
  merge: { kind: 'latest', marker },
});
export const atMin = (name: string, of: string, type: ColumnType = 'text'): Column => ({ name, type, merge: { kind: 'atMin', of } });
/** Every column of a per-event row: written once. */
export const col = keep;
/**
 * When the store recorded the event and where in the log (filled in from the event): a per-event
 * fact counts as known at K when recorded by K.
 */
export const RECORDED: readonly Column[] = [col('recorded_at', 'timestamptz'), col('log_position', 'bigint')];

const keyColumns = (table: FactTable) => table.columns.filter((c) => c.merge.kind === 'key').map((c) => c.name);

export function tableDdl(schema: string, table: FactTable): string[] {
  const columns = table.columns.map((c) => `${c.name} ${c.type}${c.merge.kind === 'key' ? ' NOT NULL' : ''}`);
  // Rows that events keep updating leave room in their page, so an update can stay on it (HOT) without touching the indexes.
  const storage = table.insertOnly ? '' : ' WITH (fillfactor = 70)';
  const create = `CREATE TABLE IF NOT EXISTS ${schema}.${table.name} (${columns.join(', ')}, PRIMARY KEY (${keyColumns(table).join(', ')}))${storage}`;
  const indexes = (table.indexes ?? []).map(
    (cols) => `CREATE INDEX IF NOT EXISTS ${table.name}_${cols.replace(/[^a-z0-9]+/g, '_')}_idx ON ${schema}.${table.name} (${cols})`,
  );
  return [create, ...indexes];
}

const isNull = (v: Value | undefined): v is null | undefined => v === null || v === undefined;

/** Values of one column type compare the same way in memory and in SQL (times are normalised ISO strings). */
function less(a: Value, b: Value): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : String(a) < String(b);
}

/** The column whose value decides whether an incoming row changes this column: absent (null) means it keeps its value. */
function trigger(column: Column): string {
  const merge = column.merge;
  return merge.kind === 'latest' ? (merge.marker ?? column.name) : merge.kind === 'atMin' ? merge.of : column.name;
}

function mergeValue(column: Column, existing: Row, incoming: Row): Value | undefined {
  const [old, now] = [existing[column.name], incoming[column.name]];
  const merge = column.merge;
  switch (merge.kind) {
    case 'key':
    case 'keep':
      return isNull(old) ? now : old;
    case 'min':
      return isNull(old) ? now : isNull(now) ? old : less(now, old) ? now : old;
    case 'max':
      return isNull(old) ? now : isNull(now) ? old : less(old, now) ? now : old;
    case 'latest':
      return isNull(incoming[merge.marker ?? column.name]) ? old : now;
    case 'atMin': {
      const [was, is] = [existing[merge.of], incoming[merge.of]];
      return !isNull(is) && (isNull(was) || less(is, was)) ? now : old;
    }
  }
}

interface Folder {
  readonly keyOf: (row: Row) => string;
  readonly merges: readonly { readonly column: Column; readonly trigger: string }[];
}

const folders = new WeakMap<FactTable, Folder>();

function folderOf(table: FactTable): Folder {
  let folder = folders.get(table);
  if (!folder) {
    const keys = keyColumns(table);
    const keyOf = keys.length === 1 ? (row: Row) => String(row[keys[0]]) : (row: Row) => keys.map((k) => String(row[k])).join('\u0000');
    const merges = table.columns
      .filter((c) => c.merge.kind !== 'key')
      .sort((a, b) => Number(b.merge.kind === 'atMin') - Number(a.merge.kind === 'atMin'))
      .map((column) => ({ column, trigger: trigger(column) }));
    folder = { keyOf, merges };
    folders.set(table, folder);
  }
  return folder;
}

/** Folds the rows of one batch by primary key, with the same rules the upsert applies against stored rows. */
export function foldRows(table: FactTable, rows: readonly Row[]): Row[] {
  const { keyOf, merges } = folderOf(table);
  const byKey = new Map<string, Record<string, Value | undefined>>();
  for (const row of rows) {
    const id = keyOf(row);
    const existing = byKey.get(id);
    if (!existing) byKey.set(id, { ...row });
    else if (!table.insertOnly) {
      // A column whose trigger the row lacks keeps its value; `atMin` columns come first, so they compare against the stored `of`.
      for (const { column, trigger: by } of merges) if (!isNull(row[by])) existing[column.name] = mergeValue(column, existing, row);
    }
  }
  return [...byKey.values()];
}

function setClause(column: Column): string {
  const [t, x] = [`t.${column.name}`, `EXCLUDED.${column.name}`];
  const merge = column.merge;
  switch (merge.kind) {
    case 'key':
    case 'keep':
      return `COALESCE(${t}, ${x})`;
    case 'min':
      return `LEAST(${t}, ${x})`;
    case 'max':
      return `GREATEST(${t}, ${x})`;
    case 'latest':
      return merge.marker ? `CASE WHEN EXCLUDED.${merge.marker} IS NULL THEN ${t} ELSE ${x} END` : `COALESCE(${x}, ${t})`;
    case 'atMin':
      return `CASE WHEN EXCLUDED.${merge.of} IS NOT NULL AND (t.${merge.of} IS NULL OR EXCLUDED.${merge.of} < t.${merge.of}) THEN ${x} ELSE ${t} END`;
  }
}

/**
 * One multi-row statement per table and batch; the batch travels as one json parameter (json
 * parses faster than jsonb and is read once). Per-event tables insert the rows whose key is new
 * (an anti-join: cheaper than ON CONFLICT DO NOTHING, and one writer per version is guaranteed by
 * the projection's lock); the others upsert with their merge rules.
 */
export function upsertSql(schema: string, table: FactTable): string {
  const names = table.columns.map((c) => c.name).join(', ');
  const record = table.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const keys = keyColumns(table);
  const select = `SELECT ${names} FROM json_to_recordset($1::json) AS r(${record})`;
  if (table.insertOnly) {
    const same = keys.map((k) => `t.${k} = r.${k}`).join(' AND ');
    return `INSERT INTO ${schema}.${table.name} (${names}) ${select} WHERE NOT EXISTS (SELECT 1 FROM ${schema}.${table.name} t WHERE ${same})`;
  }
  const updates = table.columns
    .filter((c) => c.merge.kind !== 'key')
    .map((c) => `${c.name} = ${setClause(c)}`)
    .join(', ');
  return `INSERT INTO ${schema}.${table.name} AS t (${names}) ${select} ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates}`;
}

export async function upsertRows(tx: SqlExecutor, schema: string, table: FactTable, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(upsertSql(schema, table), [JSON.stringify(foldRows(table, rows))]);
}
