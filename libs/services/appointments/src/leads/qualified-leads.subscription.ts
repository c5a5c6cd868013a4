import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { LeadEnriched, LeadQualified } from '@leadline/domain';
import { gatheredBeforeCommit, type RecordedEvent, type SqlExecutor } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';

/** What a delivery's events set on a lead's row: the qualification's columns, the enrichment's, or both. */
interface Pending {
  qualified?: { readonly qualifiedAt: string; readonly sdrId: string };
  enriched?: { readonly segment: string | null; readonly industry: string | null; readonly timeZone: string | null };
}

/** The delivery's pending rows in `tx`, by lead. */
const pendingRows = gatheredBeforeCommit((): Map<string, Pending> => new Map(), writeQualifiedLeads);

/** The lead's pending row in `tx`, written with every other lead's of the delivery just before `tx` commits. */
function pendingRow(tx: SqlExecutor, leadId: string): Pending {
  const pending = pendingRows(tx);
  let row = pending.get(leadId);
  if (!row) pending.set(leadId, (row = {}));
  return row;
}

/**
 * One upsert per kind of column for the whole delivery (a page of the log embedded, a chunk of records over Kafka)
 * instead of one per event: each lead's last qualification and last enrichment in the delivery win, as they did
 * event by event, and the two kinds write disjoint columns, so their order does not matter.
 */
async function writeQualifiedLeads(tx: SqlExecutor, pending: ReadonlyMap<string, Pending>): Promise<void> {
  const qualified = [...pending].flatMap(([leadId, row]) =>
    row.qualified ? [{ lead_id: leadId, qualified_at: row.qualified.qualifiedAt, sdr_id: row.qualified.sdrId }] : [],
  );
  const enriched = [...pending].flatMap(([leadId, row]) =>
    row.enriched
      ? [{ lead_id: leadId, segment: row.enriched.segment, industry: row.enriched.industry, time_zone: row.enriched.timeZone }]
      : [],
  );
  if (qualified.length > 0) {
    await tx.query(
      `insert into appointments.qualified_leads (lead_id, qualified_at, sdr_id)
       select lead_id, qualified_at, sdr_id from jsonb_to_recordset($1::jsonb) as r(lead_id text, qualified_at timestamptz, sdr_id text)
       on conflict (lead_id) do update set qualified_at = excluded.qualified_at, sdr_id = excluded.sdr_id`,
      [JSON.stringify(qualified)],
    );
  }
  if (enriched.length > 0) {
    await tx.query(
      `insert into appointments.qualified_leads (lead_id, segment, industry, time_zone)
       select lead_id, segment, industry, time_zone from jsonb_to_recordset($1::jsonb) as r(lead_id text, segment text, industry text, time_zone text)
       on conflict (lead_id) do update set segment = excluded.segment, industry = excluded.industry, time_zone = excluded.time_zone`,
      [JSON.stringify(enriched)],
    );
  }
}

/**
 * Keeps `appointments.qualified_leads`: who routing qualified (only those may be booked) and what
 * enrichment knew of them (segment, industry, time zone), in whichever order the two arrive. A delivery's
 * rows are written together just before its transaction commits (beforeCommit), in the transaction of the
 * checkpoint as before.
 */
@Controller()
export class QualifiedLeadsSubscription {
  @EventPattern({ subscription: 'appointments-qualified-leads', category: 'assignment', type: 'LeadQualified' })
  async onQualified(@Payload() event: RecordedEvent<'LeadQualified', LeadQualified['data']>, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId, sdrId, at } = event.data;
    pendingRow(tx, leadId).qualified = { qualifiedAt: at, sdrId };
  }

  @EventPattern({ subscription: 'appointments-qualified-leads', category: 'enrichment', type: 'LeadEnriched' })
  async onEnriched(@Payload() event: RecordedEvent<'LeadEnriched', LeadEnriched['data']>, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId, segment, firmographics, timeZone } = event.data;
    pendingRow(tx, leadId).enriched = { segment: segment === 'unknown' ? null : segment, industry: firmographics.industry, timeZone };
  }
}
