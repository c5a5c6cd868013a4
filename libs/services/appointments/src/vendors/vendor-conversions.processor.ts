import { Injectable } from '@nestjs/common';
import type { OpportunityOpened } from '@leadline/domain';
import type { ProcessorOptions } from '@leadline/event-store';

/** OpportunityOpened → the lead converted (lead-to-opportunity), for every vendor test that counts it. */
@Injectable()
export class VendorConversionsProcessor {
  options(): ProcessorOptions {
    return {
      id: 'appointments-vendor-conversions',
      categories: ['opportunity'],
      eventTypes: ['OpportunityOpened'],
      handle: async (events, { tx }) => {
        for (const event of events) {
          const { leadId, opportunityId, at } = event.data as OpportunityOpened['data'];
          await tx.query(
            `insert into appointments.vendor_lead_opportunities (lead_id, opportunity_id, opened_at) values ($1, $2, $3)
             on conflict (lead_id) do nothing`,
            [leadId, opportunityId, at],
          );
        }
      },
    };
  }
}
