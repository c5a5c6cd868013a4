import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { OpportunityWon } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { CustomerSuccessReaction } from '../customer-success.tokens';
import { assignManager, lockAssignments } from './assign-manager';
import { onCustomer } from './customer.session';

/**
 * OpportunityWon → `CustomerCreated` + `CustomerManagerAssigned` on `customer-<opportunityId>` (one
 * customer per won deal; ids derived from the won event), with the renewal-window timers, in one transaction.
 */
@Controller()
export class WonDealSubscription extends CustomerSuccessReaction {
  private readonly logger = new Logger('CustomerSuccessWon');

  @EventPattern({ subscription: 'customer-success-won-deals', category: 'opportunity', type: 'OpportunityWon' })
  async onWon(@Payload() event: RecordedEvent<'OpportunityWon', OpportunityWon['data']>, @Ctx() ctx: EventContext): Promise<void> {
    const won = event.data;
    const customerId = won.opportunityId;
    const { metadata: cause, eventId } = this.causedBy(event, { correlationId: won.leadId });
    await onCustomer(
      ctx,
      customerId,
      async (session) => {
        if (session.state.status !== 'none') return; // a redelivery
        const at = this.now();
        session.decide(
          {
            type: 'CreateCustomer',
            data: {
              customerId,
              leadId: won.leadId,
              opportunityId: won.opportunityId,
              amount: won.amount,
              renewalDate: won.renewalDate,
              segment: won.segment,
              at,
            },
          },
          eventId('customer-created'),
        );
        await lockAssignments(ctx.tx);
        if (!(await assignManager(ctx.tx, session, at, eventId('customer-manager-assigned')))) {
          this.logger.warn(`No customer manager with room for customer ${customerId}; it waits for the next registration`);
        }
        session.planWindows(event.id, at, this.config.renewalWindows);
      },
      cause,
    );
  }
}
