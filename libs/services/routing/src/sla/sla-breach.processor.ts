import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  breachResponse,
  decideAssignment,
  firstTouchDueAt,
  foldAssignment,
  seedFrom,
  weekStartUtc,
  type AssignmentEvent,
  type Clock,
  type FirstTouchSlaBreached,
  type LeadReassigned,
} from '@leadline/domain';
import { deriveEventId, type ProcessorContext, type ProcessorOptions, type RecordedEvent } from '@leadline/event-store';
import { findAssignmentRow, recordBreach, recordReassignment } from '../assignment/assignment.repository';
import { scheduleSlaTimer } from '../assignment/sla-timer';
import { loadRoster } from '../roster/roster.repository';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';
import { asDomainEvent } from '../shared/recorded.util';

/** On a fired first-touch timer: escalate by policy, reassigning to the next eligible SDR with a fresh SLA timer. */
@Injectable()
export class SlaBreachProcessor {
  private readonly logger = new Logger('RoutingSla');

  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {}

  options(): ProcessorOptions {
    return {
      id: 'routing-sla-breach',
      categories: ['assignment'],
      eventTypes: ['FirstTouchSlaBreached'],
      handle: async (events, ctx) => {
        for (const event of events) await this.handle(event, ctx);
      },
    };
  }

  private async handle(event: RecordedEvent, { tx, store }: ProcessorContext): Promise<void> {
    const breach = asDomainEvent<FirstTouchSlaBreached>(event);
    const { leadId } = breach.data;
    const streamId = `assignment-${leadId}`;
    const history = await store.readStream(streamId);
    const state = foldAssignment(history.map((e) => asDomainEvent<AssignmentEvent>(e)));
    const response = breachResponse(state, breach, this.config.escalation);
    if (response === 'stale') return;
    await recordBreach(tx, leadId);
    if (response !== 'reassign' || state.status !== 'open') return;

    const lead = await findAssignmentRow(tx, leadId);
    if (!lead) return;
    const at = this.clock.now().toISOString();
    const candidates = await loadRoster(tx, weekStartUtc(at), state.team);
    const { decision } = decideAssignment(
      {
        team: state.team,
        territory: lead.territory,
        segment: lead.segment,
        at,
        seed: seedFrom(event.id),
        excludeSdrIds: [...state.previousSdrIds, state.sdrId],
      },
      candidates,
    );
    if (!decision) {
      this.logger.warn(`SLA breached on lead ${leadId}; no other eligible SDR, it stays with ${state.sdrId}`);
      return;
    }
    const id = deriveEventId(event.id, 'reassigned');
    const correlationId = event.metadata.correlationId ?? leadId;
    const sdrId = decision.chosenSdrId;
    const slaDueAt = firstTouchDueAt(this.config.sla, state.source, lead.segment, at);
    const slaTimerId = await scheduleSlaTimer(tx, { eventId: id, leadId, sdrId, slaDueAt, correlationId });
    const reassigned: LeadReassigned = {
      type: 'LeadReassigned',
      data: { leadId, fromSdrId: state.sdrId, sdrId, reason: 'sla-breach', decision, slaDueAt, slaTimerId, reassignedAt: at },
    };
    await store.appendToStream(streamId, [{ id, ...reassigned, metadata: { leadId, correlationId, causationId: event.id } }], {
      expectedVersion: history[history.length - 1].streamVersion,
    });
    await recordReassignment(tx, id, { leadId, fromSdrId: state.sdrId, sdrId, at, slaDueAt, slaTimerId });
  }
}
