import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { scoredVendorLeadResponse, type LeadScored } from '@leadline/domain';
import { captureAppendContext, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { RoutingReaction } from '../routing.tokens';
import { ActiveRoutingPolicy } from '../policy/active-policy';
import { NewLeadsAssignment } from './assign-lead';
import { lockRouting } from '../roster/roster-snapshot';
import { holdOnScore, holdOnScores, type ScoredHold, type VendorHold } from '../vendor/vendor-holds.repository';
import { readLeadsFacts, type LeadFacts } from './lead-context';

type Scored = RecordedEvent<'LeadScored', LeadScored['data']>;

/**
 * LeadScored (A/B/C) → an SDR by policy → LeadAssigned on `assignment-<leadId>`, with the SLA timer
 * in the same transaction. A list vendor's lead is held in `routing.vendor_holds` until appointments
 * releases it (ReleasedHoldsDrain assigns it then); an archived one is never assigned.
 *
 * A delivered batch at once, deciding exactly as its events one after another would: under the routing
 * lock, one read of the leads' streams, one upsert of the vendor leads' holds, each unowned lead decided
 * in its event's delivery against one roster snapshot, every LeadAssigned in one append. A lead named
 * twice (a re-score) is decided again only if the first left it without an owner.
 */
@Controller()
export class AssignLeadSubscription extends RoutingReaction {
  private readonly logger = new Logger('RoutingAssign');
  @Inject(ActiveRoutingPolicy) private readonly activePolicy!: ActiveRoutingPolicy;

  @EventPattern({ subscription: 'routing-assign-scored-leads', category: 'score', type: 'LeadScored' }, { batch: true })
  async onLeadScored(@Payload() events: Scored[], @Ctx() ctx: EventContext): Promise<void> {
    const scored = events.filter((event) => event.data.grade !== 'F');
    if (scored.length === 0) return;
    // First in the transaction: the batch's leads are routed one after another against one roster snapshot.
    await lockRouting(ctx.tx);
    const facts = await readLeadsFacts(ctx.store, [...new Set(scored.map((event) => event.data.leadId))]);
    const holds = await this.holdFirstScores(ctx, scored, facts);
    // A re-score does not move a lead that already has an owner (one from before the batch, or from its earlier event).
    const owned = new Set([...facts].filter(([, fact]) => fact.assigned).map(([leadId]) => leadId));
    const seen = new Set<string>();
    const assignment = new NewLeadsAssignment(ctx, { config: this.config, activePolicy: this.activePolicy });
    for (const event of scored) {
      const { leadId } = event.data;
      const first = !seen.has(leadId);
      seen.add(leadId);
      // Decided in the event's own delivery (span, reaction), so its LeadAssigned continues the lead's trace.
      await ctx.each(event, async () => {
        const lead = (facts.get(leadId) as LeadFacts).context;
        if (owned.has(leadId)) return;
        if (!lead) {
          this.logger.warn(`LeadScored ${event.id} for lead ${leadId} without LeadCaptured; not routed`);
          return;
        }
        const at = this.now();
        const correlationId = correlationOf(event);
        if (lead.vendorId !== null) {
          // A list vendor's lead flows on only once appointments released it (sample or approval).
          const hold = first
            ? (holds.get(leadId) as VendorHold)
            : await holdOnScore(ctx.tx, {
                leadId,
                vendorId: lead.vendorId,
                listId: lead.listId,
                scoreEventId: event.id,
                correlationId,
                at,
              });
          if (scoredVendorLeadResponse(hold.status) === 'hold') return;
        }
        const cmd = { leadId, lead, causeEventId: event.id, correlationId, at, slaFrom: lead.capturedAt, stream: [] };
        if (await assignment.decide(cmd, captureAppendContext())) owned.add(leadId);
        else this.logger.warn(`No eligible ${lead.team} SDR for lead ${leadId}; queued in routing.unrouted`);
      });
    }
    await assignment.append();
  }

  /**
   * The holds of the vendor leads the batch names, unowned when read, as each lead's first event leaves them: one
   * upsert (a later event of the same lead, reached only while the lead has no owner, upserts its own on its turn).
   */
  private async holdFirstScores(
    ctx: EventContext,
    scored: readonly Scored[],
    facts: ReadonlyMap<string, LeadFacts>,
  ): Promise<Map<string, VendorHold>> {
    const firsts = new Map<string, ScoredHold>();
    const at = this.now();
    for (const event of scored) {
      const { leadId } = event.data;
      const { context: lead, assigned } = facts.get(leadId) as LeadFacts;
      if (firsts.has(leadId) || assigned || !lead || lead.vendorId === null) continue;
      firsts.set(leadId, {
        leadId,
        vendorId: lead.vendorId,
        listId: lead.listId,
        scoreEventId: event.id,
        correlationId: correlationOf(event),
        at,
      });
    }
    return holdOnScores(ctx.tx, [...firsts.values()]);
  }
}

const correlationOf = (event: Scored): string => event.metadata.correlationId ?? event.data.leadId;
