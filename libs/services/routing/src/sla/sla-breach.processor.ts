import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  assignmentDecider,
  breachResponse,
  decideAssignment,
  firstTouchDueAt,
  seedFrom,
  weekStartUtc,
  type Clock,
  type FirstTouchSlaBreached,
  type LeadReassigned,
} from '@leadline/domain';
import { deriveEventId, handleCommand, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { findAssignmentRow, recordBreach, recordReassignment } from '../assignment/assignment.repository';
import { scheduleSlaTimer, slaTimerIdFor } from '../assignment/sla-timer';
import { loadRoster } from '../roster/roster.repository';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';

/** On a fired first-touch timer: escalate by policy, reassigning to the next eligible SDR with a fresh SLA timer. */
@Controller()
export class SlaBreachProcessor {
  private readonly logger = new Logger('RoutingSla');

  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern({ processor: 'routing-sla-breach', category: 'assignment', type: 'FirstTouchSlaBreached' })
  async onBreach(
    @Payload() breach: RecordedEvent<'FirstTouchSlaBreached', FirstTouchSlaBreached['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { leadId } = breach.data;
    const id = deriveEventId(breach.id, 'reassigned');
    const correlationId = breach.metadata.correlationId ?? leadId;
    const seen: { breach: 'stale' | 'counted' | 'no-other-sdr'; owner?: string } = { breach: 'stale' };
    const { newEvents } = await handleCommand(
      ctx,
      `assignment-${leadId}`,
      assignmentDecider,
      async (state) => {
        const response = breachResponse(state, breach, this.config.escalation);
        if (response === 'stale') return [];
        seen.breach = 'counted';
        if (response !== 'reassign' || state.status !== 'open') return [];
        const lead = await findAssignmentRow(ctx.tx, leadId);
        if (!lead) return [];
        const at = this.clock.now().toISOString();
        const candidates = await loadRoster(ctx.tx, weekStartUtc(at), state.team);
        const { decision } = decideAssignment(
          {
            team: state.team,
            territory: lead.territory,
            segment: lead.segment,
            at,
            seed: seedFrom(breach.id),
            excludeSdrIds: [...state.previousSdrIds, state.sdrId],
          },
          candidates,
        );
        if (!decision) {
          Object.assign(seen, { breach: 'no-other-sdr', owner: state.sdrId });
          return [];
        }
        const slaDueAt = firstTouchDueAt(this.config.sla, state.source, lead.segment, at);
        const reassigned: LeadReassigned = {
          type: 'LeadReassigned',
          data: {
            leadId,
            fromSdrId: state.sdrId,
            sdrId: decision.chosenSdrId,
            reason: 'sla-breach',
            decision,
            slaDueAt,
            slaTimerId: slaTimerIdFor(id),
            reassignedAt: at,
          },
        };
        return [reassigned];
      },
      { eventId: () => id, metadata: { leadId, correlationId, causationId: breach.id } },
    );
    if (seen.breach === 'stale') return;
    await recordBreach(ctx.tx, leadId);
    if (seen.breach === 'no-other-sdr')
      this.logger.warn(`SLA breached on lead ${leadId}; no other eligible SDR, it stays with ${seen.owner}`);
    const [reassigned] = newEvents;
    if (reassigned?.type !== 'LeadReassigned') return;
    const { sdrId, fromSdrId, slaDueAt, slaTimerId, reassignedAt: at } = reassigned.data;
    if (slaDueAt) await scheduleSlaTimer(ctx.tx, { eventId: id, leadId, sdrId, slaDueAt, correlationId });
    await recordReassignment(ctx.tx, id, { leadId, fromSdrId, sdrId, at, slaDueAt, slaTimerId });
  }
}
