import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { LeadEnriched, LeadQualified } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';

/**
 * Keeps `appointments.qualified_leads`: who routing qualified (only those may be booked) and what
 * enrichment knew of them (segment, industry, time zone), in whichever order the two arrive.
 */
@Controller()
export class QualifiedLeadsSubscription {
  @EventPattern({ subscription: 'appointments-qualified-leads', category: 'assignment', type: 'LeadQualified' })
  async onQualified(@Payload() event: RecordedEvent<'LeadQualified', LeadQualified['data']>, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId, sdrId, at } = event.data;
    await tx.query(
      `insert into appointments.qualified_leads (lead_id, qualified_at, sdr_id) values ($1, $2, $3)
       on conflict (lead_id) do update set qualified_at = excluded.qualified_at, sdr_id = excluded.sdr_id`,
      [leadId, at, sdrId],
    );
  }

  @EventPattern({ subscription: 'appointments-qualified-leads', category: 'enrichment', type: 'LeadEnriched' })
  async onEnriched(@Payload() event: RecordedEvent<'LeadEnriched', LeadEnriched['data']>, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId, segment, firmographics, timeZone } = event.data;
    await tx.query(
      `insert into appointments.qualified_leads (lead_id, segment, industry, time_zone) values ($1, $2, $3, $4)
       on conflict (lead_id) do update set segment = excluded.segment, industry = excluded.industry, time_zone = excluded.time_zone`,
      [leadId, segment === 'unknown' ? null : segment, firmographics.industry, timeZone],
    );
  }
}
