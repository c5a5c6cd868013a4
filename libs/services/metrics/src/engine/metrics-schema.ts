import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase, type SqlExecutor } from '@leadline/event-store';

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

const BASELINE = [
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

/**
 * The registry of projection versions and the analysts' view schema. The versions themselves
 * (`metrics_v<n>` schemas, their tables, the views onto the live one) are made at run time by the
 * engine, not by migrations: that is the extra right the metrics service's role needs (deploy/README.md).
 */
export const METRICS_MIGRATIONS: MigrationSet = {
  schema: META_SCHEMA,
  migrations: [sqlMigration('MetricsMetaBaseline1796342400000', BASELINE)],
};

/** Applies the registry's pending migrations; only reads when there are none. */
export async function migrateMetricsMeta(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [METRICS_MIGRATIONS]);
}

/** Serialises version creation, switches and drops across processes (transaction-scoped). */
export async function lockVersions(tx: SqlExecutor): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('${VERSIONS_LOCK}'))`);
}
