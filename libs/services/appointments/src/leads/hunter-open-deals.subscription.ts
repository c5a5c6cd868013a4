import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { OpportunityLost, OpportunityWon } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';

const closed = (type: string) => ({ subscription: 'appointments-hunter-open-deals', category: 'opportunity', type });

/** A won or lost deal closes the hunter's handoff: their open-deals count (capped, default 150) drops. */
@Controller()
export class HunterOpenDealsSubscription {
  @EventPattern([closed('OpportunityWon'), closed('OpportunityLost')])
  async onDealClosed(@Payload() event: RecordedEvent, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId } = event.data as (OpportunityWon | OpportunityLost)['data'];
    const { rows } = await tx.query<{ hunter_id: string }>(
      `update appointments.handoffs set open = false where lead_id = $1 and open and hunter_id is not null returning hunter_id`,
      [leadId],
    );
    for (const row of rows) {
      await tx.query('update appointments.aes set open_deals = greatest(open_deals - 1, 0) where ae_id = $1', [row.hunter_id]);
    }
  }
}
