import type { LogCheckpoint, SqlDatabase, SqlExecutor } from '@leadline/event-store';
import { lockVersions, migrateMetricsMeta, VERSIONS, VERSIONS_CHANNEL, versionSchema } from './metrics-schema';
import type { ReadModel } from './read-model';
import { checkReadModels, fingerprintOf, tablesOf } from './read-model-set';

export type VersionStatus = 'building' | 'live' | 'retired';

/** One projection version: a schema `metrics_v<N>` with every read model's tables. */
export interface MetricsVersion {
  readonly version: number;
  readonly status: VersionStatus;
  readonly schema: string;
  readonly fingerprint: string;
  readonly readModels: readonly string[];
  readonly tables: readonly string[];
  /** The last log event applied to this version. */
  readonly checkpoint: LogCheckpoint;
  readonly eventsApplied: number;
  readonly createdAt: Date;
  readonly switchedAt: Date | null;
  readonly retiredAt: Date | null;
  /** When its schema was dropped (retired versions beyond the ones kept). */
  readonly droppedAt: Date | null;
  /** The models rebuilt from position zero; null: every model. The others were copied from the live version. */
  readonly rebuiltModels: readonly string[] | null;
  /** Where the copied models' tables stood: they take only the events after it. */
  readonly copiedThrough: LogCheckpoint;
}

interface VersionRow {
  version: number;
  status: VersionStatus;
  fingerprint: string;
  read_models: string[];
  tables: string[];
  checkpoint_tx: string;
  checkpoint_pos: string;
  events_applied: string;
  created_at: Date | string;
  switched_at: Date | string | null;
  retired_at: Date | string | null;
  dropped_at: Date | string | null;
  rebuilt_models: string[] | null;
  copied_through_tx: string;
  copied_through_pos: string;
}

const COLUMNS = `version, status, fingerprint, read_models, tables, checkpoint_tx::text as checkpoint_tx,
  checkpoint_pos::text as checkpoint_pos, events_applied::text as events_applied, created_at, switched_at, retired_at, dropped_at,
  rebuilt_models, copied_through_tx::text as copied_through_tx, copied_through_pos::text as copied_through_pos`;

const date = (value: Date | string | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));

function toVersion(row: VersionRow): MetricsVersion {
  return {
    version: Number(row.version),
    status: row.status,
    schema: versionSchema(Number(row.version)),
    fingerprint: row.fingerprint,
    readModels: row.read_models,
    tables: row.tables,
    checkpoint: { transactionId: BigInt(row.checkpoint_tx), position: BigInt(row.checkpoint_pos) },
    eventsApplied: Number(row.events_applied),
    createdAt: date(row.created_at) ?? new Date(0),
    switchedAt: date(row.switched_at),
    retiredAt: date(row.retired_at),
    droppedAt: date(row.dropped_at),
    rebuiltModels: row.rebuilt_models,
    copiedThrough: { transactionId: BigInt(row.copied_through_tx), position: BigInt(row.copied_through_pos) },
  };
}

/** Every version, oldest first. */
export async function listVersions(db: SqlExecutor, options: { forUpdate?: boolean } = {}): Promise<MetricsVersion[]> {
  const { rows } = await db.query<VersionRow>(
    `select ${COLUMNS} from ${VERSIONS} order by version${options.forUpdate ? ' for update' : ''}`,
  );
  return rows.map(toVersion);
}

export async function loadVersion(db: SqlExecutor, version: number): Promise<MetricsVersion | undefined> {
  const { rows } = await db.query<VersionRow>(`select ${COLUMNS} from ${VERSIONS} where version = $1`, [version]);
  return rows[0] && toVersion(rows[0]);
}

/** Creates the next version (schema and every model's tables, empty) as `building`; call under `lockVersions`. */
export async function insertVersion(tx: SqlExecutor, models: readonly ReadModel[]): Promise<MetricsVersion> {
  checkReadModels(models);
  const { rows } = await tx.query<{ next: number }>(`select coalesce(max(version), 0) + 1 as next from ${VERSIONS}`);
  const version = Number(rows[0].next);
  const schema = versionSchema(version);
  await tx.query(`drop schema if exists ${schema} cascade`);
  await tx.query(`create schema ${schema}`);
  for (const model of models) for (const statement of model.ddl(schema)) await tx.query(statement);
  const inserted = await tx.query<VersionRow>(
    `insert into ${VERSIONS} (version, status, fingerprint, read_models, tables) values ($1, 'building', $2, $3::jsonb, $4::jsonb)
     returning ${COLUMNS}`,
    [version, fingerprintOf(models), JSON.stringify(models.map((m) => m.name)), JSON.stringify(tablesOf(models))],
  );
  await notifyVersions(tx, version);
  return toVersion(inserted.rows[0]);
}

/**
 * A new `building` version of the given models; its projection starts from the log start. With
 * `only`, just those models are rebuilt: the other models' tables are copied from the live version
 * (which must have the same tables) in the same transaction that reads its checkpoint, with the live
 * version's row locked so no batch lands in between; the projection then hands those models only
 * the events after that checkpoint.
 */
export async function createVersion(
  db: SqlDatabase,
  models: readonly ReadModel[],
  options: { only?: readonly string[] } = {},
): Promise<MetricsVersion> {
  await migrateMetricsMeta(db);
  return db.transaction(async (tx) => {
    await lockVersions(tx);
    const only = options.only && options.only.length > 0 ? [...new Set(options.only)] : null;
    if (!only) return insertVersion(tx, models);
    const unknown = only.filter((name) => !models.some((m) => m.name === name));
    if (unknown.length > 0)
      throw new Error(`Unknown read model ${unknown.join(', ')}; the read models are ${models.map((m) => m.name).join(', ')}`);
    const { rows } = await tx.query<VersionRow>(`select ${COLUMNS} from ${VERSIONS} where status = 'live' for update`);
    const live = rows[0] && toVersion(rows[0]);
    if (!live) throw new Error('There is no live metrics version to copy the other read models from: rebuild every model');
    if (live.fingerprint !== fingerprintOf(models)) {
      throw new Error(`The live metrics version ${live.version} has other tables than this code's read models: rebuild every model`);
    }
    const created = await insertVersion(tx, models);
    for (const model of models) {
      if (only.includes(model.name)) continue;
      for (const table of model.tables) {
        if (model.views?.includes(table)) continue;
        await tx.query(`insert into ${created.schema}.${table} select * from ${live.schema}.${table}`);
      }
    }
    const updated = await tx.query<VersionRow>(
      `update ${VERSIONS} set rebuilt_models = $2::jsonb, copied_through_tx = $3::xid8, copied_through_pos = $4 where version = $1 returning ${COLUMNS}`,
      [created.version, JSON.stringify(only), live.checkpoint.transactionId.toString(), live.checkpoint.position.toString()],
    );
    return toVersion(updated.rows[0]);
  });
}

export async function notifyVersions(tx: SqlExecutor, version: number): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [VERSIONS_CHANNEL, String(version)]);
}

export function compareCheckpoints(a: LogCheckpoint, b: LogCheckpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}
