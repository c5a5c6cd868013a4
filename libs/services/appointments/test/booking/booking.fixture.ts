import { randomUUID } from 'node:crypto';
import type { LeadQualified, Segment } from '@leadline/domain';
import { leadEnriched } from '@leadline/domain/testing';
import type { EventStore, SqlDatabase } from '@leadline/event-store';
import { waitFor } from '@leadline/testing';

/** Writes what enrichment and routing would have written for a lead; `qualified: false` leaves out LeadQualified. */
export async function givenLead(
  store: EventStore,
  db: SqlDatabase,
  lead: { segment: Segment; industry: string | null; timeZone: string | null; qualified: boolean; at: string; sdrId?: string },
): Promise<string> {
  const leadId = randomUUID();
  const metadata = { leadId, correlationId: leadId };
  const enriched = leadEnriched(leadId, lead.at, {
    firmographics: { headcount: 400, annualRevenue: 50_000_000, industry: lead.industry, technologies: [] },
    timeZone: lead.timeZone,
    segment: lead.segment,
  });
  await store.appendToStream(`enrichment-${leadId}`, [{ ...enriched, metadata }]);
  if (lead.qualified) {
    const qualified: LeadQualified = {
      type: 'LeadQualified',
      data: { leadId, sdrId: lead.sdrId ?? 'sdr-1', reason: 'budget and need confirmed', at: lead.at },
    };
    await store.appendToStream(`assignment-${leadId}`, [{ ...qualified, metadata }]);
  }
  await waitFor(
    async () => {
      const { rows } = await db.query<{ qualified_at: unknown; segment: string | null }>(
        'select qualified_at, segment from appointments.qualified_leads where lead_id = $1',
        [leadId],
      );
      return rows.length > 0 && (!lead.qualified || rows[0].qualified_at !== null) && rows[0].segment !== undefined;
    },
    { message: `lead ${leadId} seen by appointments` },
  );
  return leadId;
}

export const ae = (aeId: string, role: 'demo-guru' | 'hunter' | 'sales-engineer', extra: Record<string, unknown> = {}) => ({
  aeId,
  name: aeId.toUpperCase(),
  email: `${aeId}@sales.example`,
  role,
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
  ...extra,
});
