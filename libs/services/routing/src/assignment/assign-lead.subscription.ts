import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { scoredVendorLeadResponse, type LeadScored } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { RoutingReaction } from '../routing.tokens';
import { assignLead } from './assign-lead';
import { lockRouting } from '../roster/roster-snapshot';
import { holdOnScore } from '../vendor/vendor-holds.repository';
import { readLeadFacts } from './lead-context';

/**
 * LeadScored (A/B/C) → an SDR by policy → LeadAssigned on `assignment-<leadId>`, with the SLA timer
 * in the same transaction. A list vendor's lead is held in `routing.vendor_holds` until appointments
 * releases it (VendorHoldsSubscription assigns it then); an archived one is never assigned.
 */
@Controller()
export class AssignLeadSubscription extends RoutingReaction {
  private readonly logger = new Logger('RoutingAssign');

  @EventPattern({ subscription: 'routing-assign-scored-leads', category: 'score', type: 'LeadScored' })
  async onLeadScored(@Payload() event: RecordedEvent<'LeadScored', LeadScored['data']>, @Ctx() ctx: EventContext): Promise<void> {
    const scored = event.data;
    if (scored.grade === 'F') return;
    const { leadId } = scored;
    // First in the chunk's transaction: the leads of a chunk are routed one after another against one roster snapshot.
    await lockRouting(ctx.tx);
    const { context: lead, assigned: owned, assignment } = await readLeadFacts(ctx.store, leadId);
    // A re-score does not move a lead that already has an owner.
    if (owned) return;
    if (!lead) {
      this.logger.warn(`LeadScored ${event.id} for lead ${leadId} without LeadCaptured; not routed`);
      return;
    }
    const at = this.now();
    const correlationId = event.metadata.correlationId ?? leadId;
    if (lead.vendorId !== null) {
      // A list vendor's lead flows on only once appointments released it (sample or approval).
      const hold = await holdOnScore(ctx.tx, {
        leadId,
        vendorId: lead.vendorId,
        listId: lead.listId,
        scoreEventId: event.id,
        correlationId,
        at,
      });
      if (scoredVendorLeadResponse(hold.status) === 'hold') return;
    }
    const assigned = await assignLead(ctx, this.config, {
      leadId,
      lead,
      causeEventId: event.id,
      correlationId,
      at,
      slaFrom: lead.capturedAt,
      stream: assignment,
    });
    if (!assigned) this.logger.warn(`No eligible ${lead.team} SDR for lead ${leadId}; queued in routing.unrouted`);
  }
}
