import { applyMigrations, sqlMigration, type MigrationSet } from '../migrations/migrations';
import type { SqlDatabase } from '../sql.port';

export const EVENT_STORE_SCHEMA = 'event_store';
export const EVENTS_CHANNEL = 'leadline_events';

/**
 * Whether a notification on EVENTS_CHANNEL concerns a reader of these categories and event types (none given:
 * any). An append notifies `<category>/<event type>` once per type it wrote; an empty payload (a listener that
 * reconnected) or one without a type concerns every reader of the category.
 */
export function concernsReader(filter: {
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
}): (payload: string) => boolean {
  const categories = filter.categories?.length ? new Set(filter.categories) : undefined;
  const types = filter.eventTypes?.length ? new Set(filter.eventTypes) : undefined;
  return (payload) => {
    if (!payload) return true;
    const slash = payload.indexOf('/');
    const category = slash < 0 ? payload : payload.slice(0, slash);
    if (categories && !categories.has(category)) return false;
    return !types || slash < 0 || types.has(payload.slice(slash + 1));
  };
}

// The tables as releases before versioned migrations created them (`if not exists`: a database
// they made adopts this baseline unchanged). Later changes are new migrations below it, never edits.
const baseline = [
  `create table if not exists ${EVENT_STORE_SCHEMA}.streams (
     stream_id  text primary key,
     category   text not null,
     version    bigint not null,
     updated_at timestamptz not null default now()
   )`,
  // transaction_id orders the global log: see readLog in postgres-event-store.ts.
  `create table if not exists ${EVENT_STORE_SCHEMA}.events (
     global_position bigserial not null,
     transaction_id  xid8 not null default pg_current_xact_id(),
     event_id        uuid primary key,
     stream_id       text not null,
     stream_version  bigint not null,
     category        text not null,
     event_type      text not null,
     data            jsonb not null,
     metadata        jsonb not null,
     lead_id         text,
     correlation_id  text,
     causation_id    text,
     schema_version  integer not null default 1,
     recorded_at     timestamptz not null default now(),
     unique (stream_id, stream_version)
   )`,
  `create index if not exists events_log_idx on ${EVENT_STORE_SCHEMA}.events (transaction_id, global_position)`,
  `create index if not exists events_category_log_idx on ${EVENT_STORE_SCHEMA}.events (category, transaction_id, global_position)`,
  `create index if not exists events_type_log_idx on ${EVENT_STORE_SCHEMA}.events (event_type, transaction_id, global_position)`,
  `create index if not exists events_lead_idx on ${EVENT_STORE_SCHEMA}.events (lead_id, transaction_id, global_position) where lead_id is not null`,
  `create table if not exists ${EVENT_STORE_SCHEMA}.checkpoints (
     processor_id   text primary key,
     transaction_id xid8 not null,
     position       bigint not null,
     updated_at     timestamptz not null default now()
   )`,
];

/**
 * One index for the filtered log reads instead of two: (category, transaction_id, global_position) and
 * (event_type, transaction_id, global_position) become (category, event_type, transaction_id, global_position).
 * The planner reads a common category or type through the log index with a filter (a caught-up reader scans only
 * what is new); it needs a filter index only for a rare one read from far behind, and every filtered reader names
 * its categories (subscriptions their types too), so the category leads. Five index inserts per appended event
 * instead of six. Building the index on an existing log takes a scan of it, inside the migration's transaction.
 * The plans: tools/bench/experiments/event-indexes.experiment.ts, asserted in test/event-indexes.int-spec.ts.
 */
const oneFilterIndex = [
  `create index if not exists events_filter_log_idx on ${EVENT_STORE_SCHEMA}.events (category, event_type, transaction_id, global_position)`,
  `drop index if exists ${EVENT_STORE_SCHEMA}.events_category_log_idx`,
  `drop index if exists ${EVENT_STORE_SCHEMA}.events_type_log_idx`,
];

export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  schema: EVENT_STORE_SCHEMA,
  migrations: [
    sqlMigration('EventStoreBaseline1796342400000', baseline),
    sqlMigration('EventStoreOneFilterIndex1796428800000', oneFilterIndex),
  ],
};

/** Applies the event store's pending migrations (tests and tools; services go through the platform's start-up check). */
export async function migrateEventStore(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [EVENT_STORE_MIGRATIONS]);
}
