import type { SqlExecutor } from '@leadline/event-store';

/** A roster's read model table: `<table>` keyed by `<idColumn>`, with profile, time_off and updated_at. */
export interface RosterTable {
  readonly table: string;
  readonly idColumn: string;
}

/** Writes a registered rep's profile and time off into its roster table, in the transaction of the rep's events. */
export async function upsertRosterMember(
  tx: SqlExecutor,
  { table, idColumn }: RosterTable,
  id: string,
  member: { readonly profile: unknown; readonly timeOff: unknown },
  at: string,
): Promise<void> {
  await tx.query(
    `insert into ${table} (${idColumn}, profile, time_off, updated_at) values ($1, $2, $3, $4)
     on conflict (${idColumn}) do update set profile = excluded.profile, time_off = excluded.time_off, updated_at = excluded.updated_at`,
    [id, JSON.stringify(member.profile), JSON.stringify(member.timeOff), at],
  );
}
