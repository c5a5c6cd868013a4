import { Injectable } from '@nestjs/common';
import type { LeadEnriched, LeadQualified } from '@leadline/domain';
import type { ProcessorContext, RecordedEvent } from '@leadline/event-store';
import type { EventSubscription } from '@leadline/messaging';

/**
 * Keeps `appointments.qualified_leads`: who routing qualified (only those may be booked) and what
 * enrichment knew of them (segment, industry, time zone), in whichever order the two arrive.
 */
@Injectable()
export class QualifiedLeadsSubscription implements EventSubscription {
  readonly name = 'appointments-qualified-leads';
  readonly categories = ['assignment', 'enrichment'];
  readonly eventTypes = ['LeadQualified', 'LeadEnriched'];

  async handle(event: RecordedEvent, { tx }: ProcessorContext): Promise<void> {
    if (event.type === 'LeadQualified') {
      const { leadId, sdrId, at } = event.data as LeadQualified['data'];
      await tx.query(
        `insert into appointments.qualified_leads (lead_id, qualified_at, sdr_id) values ($1, $2, $3)
         on conflict (lead_id) do update set qualified_at = excluded.qualified_at, sdr_id = excluded.sdr_id`,
        [leadId, at, sdrId],
      );
      return;
    }
    const { leadId, segment, firmographics, timeZone } = event.data as LeadEnriched['data'];
    await tx.query(
      `insert into appointments.qualified_leads (lead_id, segment, industry, time_zone) values ($1, $2, $3, $4)
       on conflict (lead_id) do update set segment = excluded.segment, industry = excluded.industry, time_zone = excluded.time_zone`,
      [leadId, segment === 'unknown' ? null : segment, firmographics.industry, timeZone],
    );
  }
}
