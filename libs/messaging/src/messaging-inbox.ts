import { runMigration, type SqlDatabase, type SqlExecutor } from '@leadline/event-store';

/** Event ids a consumer group has already handled, written in the handler's own transaction. */
export function migrateInbox(db: SqlDatabase): Promise<void> {
  // Several consumers may start at once; `create table if not exists` alone races on the catalog.
  return runMigration(db, 'leadline.messaging_inbox.migration', [
    `create table if not exists messaging_inbox (
       consumer_group text not null,
       event_id text not null,
       received_at timestamptz not null default now(),
       primary key (consumer_group, event_id)
     )`,
  ]);
}

/** True when this group has not seen the event before; the claim commits with the handler's effect. */
export async function claimInboxEntry(tx: SqlExecutor, consumerGroup: string, eventId: string): Promise<boolean> {
  const result = await tx.query(`insert into messaging_inbox (consumer_group, event_id) values ($1, $2) on conflict do nothing`, [
    consumerGroup,
    eventId,
  ]);
  return result.rowCount === 1;
}
