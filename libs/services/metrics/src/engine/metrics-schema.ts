import type { SqlDatabase, SqlExecutor } from '@leadline/event-store';

/** Where the registry of projection versions lives (not readable by analysts). */
export const META_SCHEMA = 'metrics_meta';
export const VERSIONS = `${META_SCHEMA}.versions`;
/** The schema analysts and the API read: one view per read-model table, onto the live version. */
export const VIEW_SCHEMA = 'metrics';
/** Notified (payload: the version) when a version is created or switched, so runners in other processes react at once. */
export const VERSIONS_CHANNEL = 'leadline_metrics_versions';

const VERSIONS_LOCK = 'leadline.metrics.versions';

export const versionSchema = (version: number): string => `metrics_v${version}`;
export const processorIdOf = (version: number): string => `metrics-v${version}`;

const STATEMENTS = [
  `create schema if not exists ${META_SCHEMA}`,
  `create schema if not exists ${VIEW_SCHEMA}`,
  // checkpoint_*: the last log event applied to the version, moved in the transaction that applied it.
  `create table if not exists ${VERSIONS} (
     version         integer primary key,
     status          text not null check (status in ('building', 'live', 'retired')),
     fingerprint     text not null,
     read_models     jsonb not null,
     tables          jsonb not null,
     checkpoint_tx   xid8 not null default '0',
     checkpoint_pos  bigint not null default 0,
     events_applied  bigint not null default 0,
     created_at      timestamptz not null default now(),
     switched_at     timestamptz,
     retired_at      timestamptz,
     dropped_at      timestamptz,
     updated_at      timestamptz not null default now()
   )`,
  `create unique index if not exists versions_one_live on ${VERSIONS} ((true)) where status = 'live'`,
  // A version that rebuilds only some models: the others' tables were copied from the live version
  // as of copied_through, so they take only the events after it; rebuilt_models null = every model.
  `alter table ${VERSIONS} add column if not exists rebuilt_models jsonb`,
  `alter table ${VERSIONS} add column if not exists copied_through_tx xid8 not null default '0'`,
  `alter table ${VERSIONS} add column if not exists copied_through_pos bigint not null default 0`,
];

/** Idempotent; safe when several processes start at once. */
export async function migrateMetricsMeta(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await lockVersions(tx);
    await createMetricsMeta(tx);
  });
}

/** The registry's DDL, in a transaction that holds `lockVersions`. */
export async function createMetricsMeta(tx: SqlExecutor): Promise<void> {
  for (const statement of STATEMENTS) await tx.query(statement);
}

/** Serialises version creation, switches and drops across processes (transaction-scoped). */
export async function lockVersions(tx: SqlExecutor): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('${VERSIONS_LOCK}'))`);
}
