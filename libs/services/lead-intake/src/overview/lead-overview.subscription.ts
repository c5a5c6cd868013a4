import type { EventSubscription } from '@leadline/messaging';
import { projectOverview } from './lead-overview.repository';
import { OVERVIEW_EVENT_TYPES } from './lead-overview.projection';

/** Other stations' events about a lead, folded into lead_intake.lead_overview (intake's own events are projected as they are appended). */
export const leadOverviewSubscription: EventSubscription = {
  name: 'lead-intake.lead-overview',
  categories: ['enrichment', 'score', 'assignment'],
  eventTypes: OVERVIEW_EVENT_TYPES,
  async handle(event, { tx }) {
    const data = (event.data ?? {}) as { leadId?: unknown };
    const leadId = event.metadata.leadId ?? (typeof data.leadId === 'string' ? data.leadId : undefined);
    if (!leadId) return;
    await projectOverview(tx, leadId, [event]);
  },
};
