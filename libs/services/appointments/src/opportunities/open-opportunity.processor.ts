import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { opportunityDecider, type AppointmentHeld, type DemoOutcomeRecorded } from '@leadline/domain';
import { handleCommand, type RecordedEvent } from '@leadline/event-store';
import { causedBy, type EventContext } from '@leadline/platform';
import { findByLead, saveOpportunity } from './opportunity.repository';

/**
 * AppointmentHeld → OpportunityOpened on `opportunity-<id>` for the lead's first held appointment.
 * A lead with an open or won opportunity gets no second one; after a loss a new held appointment
 * opens a new opportunity. The opportunity id and event id derive from the held event (idempotent).
 * DemoOutcomeRecorded moved forward to a hunter → OpportunityHandedOver to that hunter.
 */
@Controller()
export class OpenOpportunityProcessor {
  @EventPattern({ processor: 'appointments-open-opportunity', category: 'appointment', type: 'AppointmentHeld' })
  async open(@Payload() event: RecordedEvent<'AppointmentHeld', AppointmentHeld['data']>, @Ctx() ctx: EventContext): Promise<void> {
    const { leadId, aeId, appointmentId, at } = event.data;
    const current = await findByLead(ctx.tx, leadId);
    if (current && current.status !== 'lost') return;
    const { metadata, eventId } = causedBy(event, { leadId, correlationId: leadId });
    const opportunityId = eventId('opportunity');
    const { newEvents, newState } = await handleCommand(
      ctx,
      `opportunity-${opportunityId}`,
      opportunityDecider,
      // The stream is named after this held event: if it exists, this event opened it already.
      (state) =>
        state.status !== 'none'
          ? []
          : opportunityDecider.decide({ type: 'OpenOpportunity', data: { opportunityId, leadId, aeId, appointmentId, at } }, state),
      { eventId: () => eventId('opportunity-opened'), metadata },
    );
    if (newEvents.length > 0) await saveOpportunity(ctx.tx, newState, at);
  }

  @EventPattern({ processor: 'appointments-open-opportunity', category: 'appointment', type: 'DemoOutcomeRecorded' })
  async handOver(
    @Payload() event: RecordedEvent<'DemoOutcomeRecorded', DemoOutcomeRecorded['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { leadId, movedForward, hunterId, appointmentId, at } = event.data;
    if (!movedForward || !hunterId) return;
    const current = await findByLead(ctx.tx, leadId);
    if (!current || current.status !== 'open') return;
    const { metadata, eventId } = causedBy(event, { leadId, correlationId: leadId });
    const { newEvents, newState } = await handleCommand(
      ctx,
      `opportunity-${current.opportunity_id}`,
      opportunityDecider,
      (state) => opportunityDecider.decide({ type: 'HandOver', data: { aeId: hunterId, appointmentId, at } }, state),
      { eventId: () => eventId('opportunity-handed-over'), metadata },
    );
    if (newEvents.length > 0) await saveOpportunity(ctx.tx, newState, at);
  }
}
