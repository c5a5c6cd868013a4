import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { OpportunityOpened } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';

/** OpportunityOpened → the lead converted (lead-to-opportunity), for every vendor test that counts it. */
@Controller()
export class VendorConversionsProcessor {
  @EventPattern({ processor: 'appointments-vendor-conversions', category: 'opportunity', type: 'OpportunityOpened' })
  async onOpened(
    @Payload() event: RecordedEvent<'OpportunityOpened', OpportunityOpened['data']>,
    @Ctx() { tx }: EventContext,
  ): Promise<void> {
    const { leadId, opportunityId, at } = event.data;
    await tx.query(
      `insert into appointments.vendor_lead_opportunities (lead_id, opportunity_id, opened_at) values ($1, $2, $3)
       on conflict (lead_id) do nothing`,
      [leadId, opportunityId, at],
    );
  }
}
