import type { VendorEvent, VendorState } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface VendorCounts {
  readonly conversions: number;
  readonly size: number;
}

/** Applies a vendor's new events to the read model, in the transaction that appended them. */
export async function applyVendorEvents(
  tx: SqlExecutor,
  vendorId: string,
  events: readonly VendorEvent[],
  state: VendorState,
  at: string,
): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'VendorListReceived': {
        const { listId, leadIds, sampleLeadIds } = event.data;
        await tx.query(
          `insert into appointments.vendor_leads (vendor_id, lead_id, list_id, sample, status)
           select $1, lead_id, $2, lead_id = any($4::text[]), 'held' from unnest($3::text[]) as lead_id
           on conflict (vendor_id, lead_id) do nothing`,
          [vendorId, listId, leadIds, sampleLeadIds],
        );
        break;
      }
      case 'VendorLeadsReleased':
      case 'VendorLeadsArchived':
        await tx.query(`update appointments.vendor_leads set status = $3 where vendor_id = $1 and lead_id = any($2::text[])`, [
          vendorId,
          event.data.leadIds,
          event.type === 'VendorLeadsReleased' ? 'released' : 'archived',
        ]);
        break;
      case 'VendorDecided':
        break;
    }
  }
  await tx.query(
    `insert into appointments.vendor_vendors (vendor_id, status, updated_at) values ($1, $2, $3)
     on conflict (vendor_id) do update set status = excluded.status, updated_at = excluded.updated_at`,
    [vendorId, state.status, at],
  );
  const decided = events.find((e) => e.type === 'VendorDecided');
  if (decided)
    await tx.query(`update appointments.vendor_vendors set decision = $2 where vendor_id = $1`, [vendorId, JSON.stringify(decided.data)]);
}

/** The vendor's sample leads that reached an opportunity. */
export async function sampleCounts(tx: SqlExecutor, vendorId: string): Promise<VendorCounts> {
  const { rows } = await tx.query<{ size: string; conversions: string }>(
    `select count(*) as size, count(o.lead_id) as conversions
       from appointments.vendor_leads v left join appointments.vendor_lead_opportunities o on o.lead_id = v.lead_id
      where v.vendor_id = $1 and v.sample`,
    [vendorId],
  );
  return { size: Number(rows[0].size), conversions: Number(rows[0].conversions) };
}

/** The history: every released lead of every approved vendor, and how many reached an opportunity so far. */
export async function approvedVendorCounts(tx: SqlExecutor): Promise<VendorCounts> {
  const { rows } = await tx.query<{ size: string; conversions: string }>(
    `select count(*) as size, count(o.lead_id) as conversions
       from appointments.vendor_leads v
       join appointments.vendor_vendors s on s.vendor_id = v.vendor_id and s.status = 'approved'
       left join appointments.vendor_lead_opportunities o on o.lead_id = v.lead_id
      where v.status = 'released'`,
  );
  return { size: Number(rows[0].size), conversions: Number(rows[0].conversions) };
}

export interface VendorRow {
  vendor_id: string;
  status: string;
  decision: unknown;
}

export async function findVendor(tx: SqlExecutor, vendorId: string): Promise<VendorRow | null> {
  const { rows } = await tx.query<VendorRow>('select vendor_id, status, decision from appointments.vendor_vendors where vendor_id = $1', [
    vendorId,
  ]);
  return rows[0] ?? null;
}

export async function leadCountsByStatus(tx: SqlExecutor, vendorId: string): Promise<Record<string, number>> {
  const { rows } = await tx.query<{ status: string; n: string }>(
    'select status, count(*) as n from appointments.vendor_leads where vendor_id = $1 group by status',
    [vendorId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
