import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock, OpportunityWon } from '@leadline/domain';
import { deriveEventId, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import type { EventSubscription } from '@leadline/messaging';
import type { CustomerSuccessConfig } from '../customer-success.config';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from '../customer-success.tokens';
import { assignManager, lockAssignments } from './assign-manager';
import { onCustomer } from './customer.session';

/**
 * OpportunityWon → `CustomerCreated` + `CustomerManagerAssigned` on `customer-<opportunityId>` (one
 * customer per won deal; ids derived from the won event), with the renewal-window timers, in one transaction.
 */
@Injectable()
export class WonDealSubscription implements EventSubscription {
  readonly name = 'customer-success-won-deals';
  readonly categories = ['opportunity'];
  readonly eventTypes = ['OpportunityWon'];
  private readonly logger = new Logger('CustomerSuccessWon');

  constructor(
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
  ) {}

  async handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void> {
    const won = event.data as OpportunityWon['data'];
    const customerId = won.opportunityId;
    const cause = { correlationId: event.metadata.correlationId ?? won.leadId, causationId: event.id };
    await onCustomer(
      ctx,
      customerId,
      async (session) => {
        if (session.state.status !== 'none') return; // a redelivery
        const at = this.clock.now().toISOString();
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
          deriveEventId(event.id, 'customer-created'),
        );
        await lockAssignments(ctx.tx);
        if (!(await assignManager(ctx.tx, session, at, deriveEventId(event.id, 'customer-manager-assigned')))) {
          this.logger.warn(`No customer manager with room for customer ${customerId}; it waits for the next registration`);
        }
        session.planWindows(event.id, at, this.config.renewalWindows);
      },
      cause,
    );
  }
}
