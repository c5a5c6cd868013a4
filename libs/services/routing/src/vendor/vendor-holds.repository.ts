import type { VendorHoldStatus } from '@leadline/domain';
import { isoTime, type SqlExecutor } from '@leadline/event-store';

export type HoldStatus = VendorHoldStatus;

export interface VendorHold {
  readonly leadId: string;
  readonly vendorId: string | null;
  readonly listId: string | null;
  readonly status: HoldStatus;
  /** The LeadScored that found the lead held: the assignment's cause once the lead is released. */
  readonly scoreEventId: string | null;
  readonly correlationId: string | null;
  readonly heldSince: string;
  readonly settledAt: string | null;
}

interface HoldRow {
  lead_id: string;
  vendor_id: string | null;
  list_id: string | null;
  status: HoldStatus;
  score_event_id: string | null;
  correlation_id: string | null;
  held_since: Date | string;
  settled_at: Date | string | null;
}

const COLUMNS = 'lead_id, vendor_id, list_id, status, score_event_id, correlation_id, held_since, settled_at';

function toHold(row: HoldRow): VendorHold {
  return {
    leadId: row.lead_id,
    vendorId: row.vendor_id,
    listId: row.list_id,
    status: row.status,
    scoreEventId: row.score_event_id,
    correlationId: row.correlation_id,
    heldSince: new Date(row.held_since).toISOString(),
    settledAt: isoTime(row.settled_at),
  };
}

/**
 * A vendor lead was scored: remember the score (the assignment's cause later) and answer whether
 * its list was already released. One upsert, so a release committing concurrently is seen by
 * exactly one side: whichever takes the row second finds the other's write.
 */
export async function holdOnScore(
  tx: SqlExecutor,
  hold: { leadId: string; vendorId: string; listId: string | null; scoreEventId: string; correlationId: string; at: string },
): Promise<VendorHold> {
  const { rows } = await tx.query<HoldRow>(
    `insert into routing.vendor_holds (lead_id, vendor_id, list_id, status, score_event_id, correlation_id, held_since)
     values ($1, $2, $3, 'held', $4, $5, $6)
     on conflict (lead_id) do update set score_event_id = excluded.score_event_id, correlation_id = excluded.correlation_id,
       vendor_id = coalesce(routing.vendor_holds.vendor_id, excluded.vendor_id), list_id = coalesce(routing.vendor_holds.list_id, excluded.list_id)
     returning ${COLUMNS}`,
    [hold.leadId, hold.vendorId, hold.listId, hold.scoreEventId, hold.correlationId, hold.at],
  );
  return toHold(rows[0]);
}

/** A vendor list arrived at appointments: every lead on it is held until released (status of known leads unchanged). */
export async function holdListed(
  tx: SqlExecutor,
  list: { vendorId: string; listId: string; leadIds: readonly string[]; at: string },
): Promise<void> {
  for (const leadId of list.leadIds) {
    await tx.query(
      `insert into routing.vendor_holds (lead_id, vendor_id, list_id, status, held_since) values ($1, $2, $3, 'held', $4)
       on conflict (lead_id) do update set vendor_id = excluded.vendor_id, list_id = excluded.list_id`,
      [leadId, list.vendorId, list.listId, list.at],
    );
  }
}

/** Released or archived by appointments; returns the hold as it now is (with the score, if the lead was already scored). */
export async function settleHold(
  tx: SqlExecutor,
  settle: { leadId: string; vendorId: string; status: 'released' | 'archived'; at: string; eventId: string },
): Promise<VendorHold> {
  const { rows } = await tx.query<HoldRow>(
    `insert into routing.vendor_holds (lead_id, vendor_id, status, held_since, settled_at, settled_by) values ($1, $2, $3, $4, $4, $5)
     on conflict (lead_id) do update set status = excluded.status, settled_at = excluded.settled_at, settled_by = excluded.settled_by,
       vendor_id = coalesce(routing.vendor_holds.vendor_id, excluded.vendor_id)
     returning ${COLUMNS}`,
    [settle.leadId, settle.vendorId, settle.status, settle.at, settle.eventId],
  );
  return toHold(rows[0]);
}

export async function findHold(tx: SqlExecutor, leadId: string): Promise<VendorHold | null> {
  const { rows } = await tx.query<HoldRow>(`select ${COLUMNS} from routing.vendor_holds where lead_id = $1`, [leadId]);
  return rows[0] ? toHold(rows[0]) : null;
}
