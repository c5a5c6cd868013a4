import { Injectable } from '@nestjs/common';
import type { OpportunityLost, OpportunityWon } from '@leadline/domain';
import type { ProcessorContext, RecordedEvent } from '@leadline/event-store';
import type { EventSubscription } from '@leadline/messaging';

/** A won or lost deal closes the hunter's handoff: their open-deals count (capped, default 150) drops. */
@Injectable()
export class HunterOpenDealsSubscription implements EventSubscription {
  readonly name = 'appointments-hunter-open-deals';
  readonly categories = ['opportunity'];
  readonly eventTypes = ['OpportunityWon', 'OpportunityLost'];

  async handle(event: RecordedEvent, { tx }: ProcessorContext): Promise<void> {
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
