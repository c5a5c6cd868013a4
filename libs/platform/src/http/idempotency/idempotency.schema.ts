import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';

export const IDEMPOTENCY_KEYS = 'platform.idempotency_keys';

const BASELINE = [
  // One row per (route, caller, key): the request's hash, then the answer once the command ran.
  // `in-flight` rows hold a lease; a retry after it lapsed (the process died mid-request) runs again.
  `create table if not exists ${IDEMPOTENCY_KEYS} (
     route          text not null,
     caller         text not null,
     key            text not null,
     request_hash   text not null,
     state          text not null check (state in ('in-flight', 'done')),
     status_code    integer,
     response       jsonb,
     locked_until   timestamptz,
     created_at     timestamptz not null default now(),
     completed_at   timestamptz,
     primary key (route, caller, key)
   )`,
  `create index if not exists idempotency_keys_created_idx on ${IDEMPOTENCY_KEYS} (created_at)`,
];

/** The platform's own tables (every process has them: service-descriptor.ts `migrationSetsOf`). */
export const PLATFORM_MIGRATIONS: MigrationSet = {
  schema: 'platform',
  migrations: [sqlMigration('PlatformIdempotencyKeys1796342400000', BASELINE)],
};

/** Applies the platform schema's pending migrations (tests; processes go through the start-up check). */
export async function migrateIdempotency(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [PLATFORM_MIGRATIONS]);
}
