import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { settledVendorLeadResponse, type VendorLeadsArchived, type VendorLeadsReleased, type VendorListReceived } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { assignLead } from '../assignment/assign-lead';
import { clearUnrouted } from '../assignment/assignment.repository';
import { readLeadFacts } from '../assignment/lead-context';
import { lockRouting } from '../roster/roster-snapshot';
import { RoutingReaction } from '../routing.tokens';
import { holdListed, settleHold } from './vendor-holds.repository';

const holds = (type: string) => ({ subscription: 'routing-vendor-holds', category: 'vendor', type });

/**
 * Appointments' list-vendor test on `vendor-<vendorId>` → routing's holds: a listed lead waits,
 * a released one that was already scored is assigned now (a later LeadScored assigns it then), an
 * archived one is never assigned.
 */
@Controller()
export class VendorHoldsSubscription extends RoutingReaction {
  private readonly logger = new Logger('RoutingVendorHolds');

  @EventPattern(holds('VendorListReceived'))
  async onListReceived(
    @Payload() event: RecordedEvent<'VendorListReceived', VendorListReceived['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { vendorId, listId, leadIds, at } = event.data;
    // Before any hold row is written: a chunk may go on to assign released leads (the routing lock comes first).
    await lockRouting(ctx.tx);
    await holdListed(ctx.tx, { vendorId, listId, leadIds, at });
  }

  @EventPattern([holds('VendorLeadsReleased'), holds('VendorLeadsArchived')])
  async onLeadsSettled(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    const { vendorId, leadIds, at } = event.data as (VendorLeadsReleased | VendorLeadsArchived)['data'];
    const status = event.type === 'VendorLeadsReleased' ? 'released' : 'archived';
    await lockRouting(ctx.tx);
    for (const leadId of leadIds) {
      const hold = await settleHold(ctx.tx, { leadId, vendorId, status, at, eventId: event.id });
      // A released lead already scored: its context and assignment stream in one read (the assignment does not read it again).
      const facts = status === 'released' && hold.scoreEventId !== null ? await readLeadFacts(ctx.store, leadId) : null;
      const routed =
        status === 'released' &&
        (facts ? facts.assigned : (await ctx.store.readStream(`assignment-${leadId}`, { maxCount: 1 })).length > 0);
      const response = settledVendorLeadResponse({ status, scored: hold.scoreEventId !== null, routed });
      if (response === 'never') await clearUnrouted(ctx.tx, leadId);
      if (response !== 'assign' || !hold.scoreEventId) continue;
      const lead = facts?.context;
      if (!lead) continue;
      const now = this.now();
      const correlationId = hold.correlationId ?? leadId;
      // The SLA window (inbound leads) starts at the release, like a lead that waited for an SDR.
      const assigned = await assignLead(ctx, this.config, {
        leadId,
        lead,
        causeEventId: hold.scoreEventId,
        correlationId,
        at: now,
        slaFrom: now,
        stream: facts.assignment,
      });
      if (!assigned) this.logger.warn(`Released vendor lead ${leadId} has no eligible ${lead.team} SDR; queued in routing.unrouted`);
    }
  }
}
