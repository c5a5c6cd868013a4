import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RecordedEvent } from '@leadline/event-store';
import { OFF_THE_LINE, type EventContext } from '@leadline/platform';
import { projectOverviewBeforeCommit } from './lead-overview.repository';
import { OVERVIEW_EVENTS } from './lead-overview.projection';

const REACTIONS = (['enrichment', 'score', 'assignment'] as const).flatMap((category) =>
  OVERVIEW_EVENTS[category].map((type) => ({ subscription: 'lead-intake.lead-overview', category, type })),
);

/**
 * Other stations' events about a lead, folded into lead_intake.lead_overview (intake's own events are projected as they are
 * appended): a delivery's chunk of events is folded in one read and one upsert just before its transaction commits.
 */
@Controller()
export class LeadOverviewSubscription {
  @EventPattern(REACTIONS, OFF_THE_LINE)
  onLeadEvent(@Payload() event: RecordedEvent, @Ctx() { tx }: EventContext): void {
    const data = (event.data ?? {}) as { leadId?: unknown };
    const leadId = event.metadata.leadId ?? (typeof data.leadId === 'string' ? data.leadId : undefined);
    if (!leadId) return;
    projectOverviewBeforeCommit(tx, leadId, event);
  }
}
