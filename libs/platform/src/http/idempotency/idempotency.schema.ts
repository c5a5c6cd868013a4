import { runMigration, type SqlDatabase } from '@leadline/event-store';

export const IDEMPOTENCY_KEYS = 'platform.idempotency_keys';

const statements = [
  'create schema if not exists platform',
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

export async function migrateIdempotency(db: Pick<SqlDatabase, 'transaction'>): Promise<void> {
  await runMigration(db, 'platform/idempotency-keys', statements);
}
