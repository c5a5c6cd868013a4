import { Injectable } from '@nestjs/common';
import { opportunityDecider, type AppointmentHeld, type DemoOutcomeRecorded, type OpportunityEvent } from '@leadline/domain';
import { deriveEventId, type ProcessorContext, type ProcessorOptions, type RecordedEvent } from '@leadline/event-store';
import { findByLead, saveOpportunity } from './opportunity.repository';
import { asDomainEvents, expectedAfter } from './shared/stream.util';

/**
 * AppointmentHeld → OpportunityOpened on `opportunity-<id>` for the lead's first held appointment.
 * A lead with an open or won opportunity gets no second one; after a loss a new held appointment
 * opens a new opportunity. The opportunity id and event id derive from the held event (idempotent).
 * DemoOutcomeRecorded moved forward to a hunter → OpportunityHandedOver to that hunter.
 */
@Injectable()
export class OpenOpportunityProcessor {
  options(): ProcessorOptions {
    return {
      id: 'appointments-open-opportunity',
      categories: ['appointment'],
      eventTypes: ['AppointmentHeld', 'DemoOutcomeRecorded'],
      handle: async (events, ctx) => {
        for (const event of events) {
          if (event.type === 'AppointmentHeld') await this.open(event, ctx);
          else await this.handOver(event, ctx);
        }
      },
    };
  }

  private async open(event: RecordedEvent, { tx, store }: ProcessorContext): Promise<void> {
    const { leadId, aeId, appointmentId, at } = event.data as AppointmentHeld['data'];
    const current = await findByLead(tx, leadId);
    if (current && current.status !== 'lost') return;
    const opportunityId = deriveEventId(event.id, 'opportunity');
    const opened = opportunityDecider.decide(
      { type: 'OpenOpportunity', data: { opportunityId, leadId, aeId, appointmentId, at } },
      opportunityDecider.initialState(),
    );
    const correlationId = event.metadata.correlationId ?? leadId;
    await store.appendToStream(
      `opportunity-${opportunityId}`,
      opened.map((e) => ({
        id: deriveEventId(event.id, 'opportunity-opened'),
        ...e,
        metadata: { leadId, correlationId, causationId: event.id },
      })),
      { expectedVersion: 'no-stream' },
    );
    await saveOpportunity(tx, opened.reduce(opportunityDecider.evolve, opportunityDecider.initialState()), at);
  }

  private async handOver(event: RecordedEvent, { tx, store }: ProcessorContext): Promise<void> {
    const { leadId, movedForward, hunterId, appointmentId, at } = event.data as DemoOutcomeRecorded['data'];
    if (!movedForward || !hunterId) return;
    const current = await findByLead(tx, leadId);
    if (!current || current.status !== 'open') return;
    const streamId = `opportunity-${current.opportunity_id}`;
    const history = await store.readStream(streamId);
    const state = asDomainEvents<OpportunityEvent>(history).reduce(opportunityDecider.evolve, opportunityDecider.initialState());
    const events = opportunityDecider.decide({ type: 'HandOver', data: { aeId: hunterId, appointmentId, at } }, state);
    if (events.length === 0) return;
    const correlationId = event.metadata.correlationId ?? leadId;
    await store.appendToStream(
      streamId,
      events.map((e) => ({
        id: deriveEventId(event.id, 'opportunity-handed-over'),
        ...e,
        metadata: { leadId, correlationId, causationId: event.id },
      })),
      expectedAfter(history),
    );
    await saveOpportunity(tx, events.reduce(opportunityDecider.evolve, state), at);
  }
}
