export * from './event.types';
export * from './event-store.errors';
export * from './event-store.port';
export * from './sql.port';
export { isoTime } from './sql-time';
export { runMigration } from './migration';
export * from './migrations/migrations';
export { readOnlyDriver } from './migrations/typeorm-driver';
export * from './processor.types';
export { newEventId, deriveEventId } from './event-id';
export { createPgDatabase, type PgDatabaseOptions } from './drivers/pg.database';
export { preparedStatement } from './drivers/prepared-statements';
export { isConnectionLoss } from './drivers/connection-loss';
export { beforeCommit, gatheredBeforeCommit } from './drivers/before-commit';
export { createPgliteDatabase } from './drivers/pglite.database';
export { runOffTheLine, isOffTheLine } from './drivers/line-first';
export {
  PostgresEventStore,
  planNearHeadReadsOnce,
  type LogPage,
  type LogReadOptions,
  type EventStoreOptions,
} from './postgres/postgres-event-store';
export type { GroupCommitOptions } from './postgres/group-commit';
export { migrateEventStore, EVENT_STORE_MIGRATIONS, EVENT_STORE_SCHEMA, EVENTS_CHANNEL, concernsReader } from './postgres/schema';
export { Processor } from './processor/processor';
export { Wakeup } from './processor/wakeup';
export { CheckpointMovedError } from './processor/checkpoint.repository';
export { oldestUnhandledSeconds, processorLag, settledHead, type ProcessorLag } from './processor/processor-lag';
export * from './command/command-handler';
export * from './privacy';
export * from './upcasting';
export { oncePerTransaction } from './command/once-per-transaction';
export { runAsActor, runAsReaction, currentActor, type Actor } from './command/actor-context';
export * from './tracing/event-trace';
export { captureAppendContext, inAppendContext, type AppendContext } from './tracing/append-context';
