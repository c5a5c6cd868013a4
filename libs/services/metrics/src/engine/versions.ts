import type { LogCheckpoint, SqlDatabase, SqlExecutor } from '@leadline/event-store';
import { createMetricsMeta, lockVersions, VERSIONS, VERSIONS_CHANNEL, versionSchema } from './metrics-schema';
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
}

const COLUMNS = `version, status, fingerprint, read_models, tables, checkpoint_tx::text as checkpoint_tx,
  checkpoint_pos::text as checkpoint_pos, events_applied::text as events_applied, created_at, switched_at, retired_at, dropped_at`;

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
  };
}

/** Every version, oldest first. */
export async function listVersions(db: SqlExecutor, options: { forUpdate?: boolean } = {}): Promise<MetricsVersion[]> {
  const { rows } = await db.query<VersionRow>(`select ${COLUMNS} from ${VERSIONS} order by version${options.forUpdate ? ' for update' : ''}`);
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

/** A new, empty `building` version of the given models; its projection starts from the log start. */
export function createVersion(db: SqlDatabase, models: readonly ReadModel[]): Promise<MetricsVersion> {
  return db.transaction(async (tx) => {
    await lockVersions(tx);
    await createMetricsMeta(tx);
    return insertVersion(tx, models);
  });
}

export async function notifyVersions(tx: SqlExecutor, version: number): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [VERSIONS_CHANNEL, String(version)]);
}

export function compareCheckpoints(a: LogCheckpoint, b: LogCheckpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}
