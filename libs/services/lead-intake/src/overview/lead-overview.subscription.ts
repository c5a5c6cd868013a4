import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { projectOverview } from './lead-overview.repository';
import type { OVERVIEW_EVENT_TYPES } from './lead-overview.projection';

/** The other stations' events the overview folds, by the category they arrive on. */
const OTHER_STATIONS = {
  enrichment: ['LeadEnriched'],
  score: ['LeadScored', 'LeadSentToRecyclePool'],
  assignment: [
    'LeadAssigned',
    'FirstTouchSlaBreached',
    'LeadReassigned',
    'ActivityLogged',
    'LeadQualified',
    'LeadDisqualified',
    'LeadReopenedForOutbound',
  ],
} satisfies Record<string, readonly (typeof OVERVIEW_EVENT_TYPES)[number][]>;

const REACTIONS = Object.entries(OTHER_STATIONS).flatMap(([category, types]) =>
  types.map((type) => ({ subscription: 'lead-intake.lead-overview', category, type })),
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
