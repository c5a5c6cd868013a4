import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  assignmentDecider,
  breachOutcome,
  seedFrom,
  type BreachOutcome,
  type FirstTouchSlaBreached,
  type ReassignOnBreachData,
} from '@leadline/domain';
import { deriveEventId, handleCommand, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { findAssignmentRow, recordBreach, recordReassignment } from '../assignment/assignment.repository';
import { scheduleSlaTimer, slaTimerIdFor } from '../assignment/sla-timer';
import { lockRouting, rosterSnapshot } from '../roster/roster-snapshot';
import { activeRoutingPolicy } from '../policy/active-policy';
import { RoutingReaction } from '../routing.tokens';

/**
 * On a fired first-touch timer: reads the lead's row and its team's roster, lets the assignment
 * decider escalate by policy (`ReassignOnBreach`), and records the reassignment with a fresh SLA timer.
 */
@Controller()
export class SlaBreachProcessor extends RoutingReaction {
  private readonly logger = new Logger('RoutingSla');

  @EventPattern({ processor: 'routing-sla-breach', category: 'assignment', type: 'FirstTouchSlaBreached' })
  async onBreach(
    @Payload() breach: RecordedEvent<'FirstTouchSlaBreached', FirstTouchSlaBreached['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { leadId } = breach.data;
    await lockRouting(ctx.tx);
    const id = deriveEventId(breach.id, 'reassigned');
    const correlationId = breach.metadata.correlationId ?? leadId;
    const seen: { outcome: BreachOutcome } = { outcome: { kind: 'stale' } };
    const { newEvents } = await handleCommand(
      ctx,
      `assignment-${leadId}`,
      assignmentDecider,
      async (state) => {
        if (state.status === 'unassigned') return [];
        const at = this.now();
        const row = await findAssignmentRow(ctx.tx, leadId);
        const { policy } = await activeRoutingPolicy(ctx.store);
        const data: ReassignOnBreachData = {
          leadId,
          policy,
          breach: breach.data,
          at,
          seed: seedFrom(breach.id),
          lead: row && { segment: row.segment, territory: row.territory },
          candidates: (await rosterSnapshot(ctx.tx, at)).candidates(state.team),
          sla: this.config.sla,
          escalation: this.config.escalation,
          slaTimerId: slaTimerIdFor(id),
        };
        seen.outcome = breachOutcome(data, state);
        return assignmentDecider.decide({ type: 'ReassignOnBreach', data }, state);
      },
      { eventId: () => id, metadata: { leadId, correlationId, causationId: breach.id } },
    );
    const { outcome } = seen;
    if (outcome.kind === 'stale') return;
    await recordBreach(ctx.tx, leadId);
    if (outcome.kind === 'keep-owner' && outcome.why === 'no-other-sdr')
      this.logger.warn(`SLA breached on lead ${leadId}; no other eligible SDR, it stays with ${outcome.owner}`);
    const [reassigned] = newEvents;
    if (reassigned?.type !== 'LeadReassigned') return;
    const { sdrId, fromSdrId, slaDueAt, slaTimerId, reassignedAt: at } = reassigned.data;
    if (slaDueAt) await scheduleSlaTimer(ctx.tx, { eventId: id, leadId, sdrId, slaDueAt, correlationId });
    await recordReassignment(ctx.tx, id, { leadId, fromSdrId, sdrId, at, slaDueAt, slaTimerId });
  }
}
