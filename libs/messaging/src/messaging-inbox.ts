import {
  applyMigrations,
  preparedStatement,
  sqlMigration,
  type MigrationSet,
  type SqlDatabase,
  type SqlExecutor,
} from '@leadline/event-store';

export const MESSAGING_SCHEMA = 'messaging';
const INBOX = `${MESSAGING_SCHEMA}.messaging_inbox`;

/** Event ids a consumer group has already handled, written in the handler's own transaction. */
export const MESSAGING_MIGRATIONS: MigrationSet = {
  schema: MESSAGING_SCHEMA,
  migrations: [
    sqlMigration('MessagingInbox1796342400000', [
      // Releases before versioned migrations kept the inbox in public: it moves with its rows (the
      // exactly-once claims), so no consumer handles an event again after the upgrade.
      `do $$ begin
         if to_regclass('public.messaging_inbox') is not null and to_regclass('${INBOX}') is null then
           alter table public.messaging_inbox set schema ${MESSAGING_SCHEMA};
         end if;
       end $$`,
      `create table if not exists ${INBOX} (
         consumer_group text not null,
         event_id text not null,
         received_at timestamptz not null default now(),
         primary key (consumer_group, event_id)
       )`,
    ]),
  ],
};

/** Applies the inbox's pending migrations; only reads when there are none (a DML-only role may start a consumer). */
export async function migrateInbox(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [MESSAGING_MIGRATIONS]);
}

/** Every delivery's claim, by the inbox's primary key whatever the values: prepared on each `pg` connection. */
const CLAIM_ONE = preparedStatement(`insert into ${INBOX} (consumer_group, event_id) values ($1, $2) on conflict do nothing`);
const CLAIM_MANY = preparedStatement(
  `insert into ${INBOX} (consumer_group, event_id) select $1, id from unnest($2::text[]) with ordinality as u(id, n) order by n
     on conflict do nothing returning event_id`,
);

/** True when this group has not seen the event before; the claim commits with the handler's effect. */
export async function claimInboxEntry(tx: SqlExecutor, consumerGroup: string, eventId: string): Promise<boolean> {
  const result = await tx.query(CLAIM_ONE, [consumerGroup, eventId]);
  return result.rowCount === 1;
}

/**
 * Claims a batch of event ids in one statement; answers the ids this group had not seen before
 * (once each, even when a batch carries an id twice). The claims commit with the handler's effects.
 */
export async function claimInboxEntries(tx: SqlExecutor, consumerGroup: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await tx.query<{ event_id: string }>(CLAIM_MANY, [consumerGroup, [...eventIds]]);
  return new Set(rows.map((row) => row.event_id));
}
