import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { projectOverview } from './lead-overview.repository';
import { OVERVIEW_EVENTS } from './lead-overview.projection';

const REACTIONS = (['enrichment', 'score', 'assignment'] as const).flatMap((category) =>
  OVERVIEW_EVENTS[category].map((type) => ({ subscription: 'lead-intake.lead-overview', category, type })),
);

/** Other stations' events about a lead, folded into lead_intake.lead_overview (intake's own events are projected as they are appended). */
@Controller()
export class LeadOverviewSubscription {
  @EventPattern(REACTIONS)
  async onLeadEvent(@Payload() event: RecordedEvent, @Ctx() { tx }: EventContext): Promise<void> {
    const data = (event.data ?? {}) as { leadId?: unknown };
    const leadId = event.metadata.leadId ?? (typeof data.leadId === 'string' ? data.leadId : undefined);
    if (!leadId) return;
    await projectOverview(tx, leadId, [event]);
  }
}
