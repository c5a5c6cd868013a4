import type { OpportunityEvent } from './opportunity.events';
import { OPEN_STAGES, type OpenStage } from './opportunity.decider';

export type TimeInStages = Record<OpenStage, number>;

/**
 * Milliseconds an opportunity spent in each open stage, from its events alone: a stage runs from
 * the event that entered it to the next stage change, win or loss. A stage visited twice (after
 * a step back) adds up. The stage still open counts up to `asOf` when given, else not at all.
 */
export function timeInStages(events: readonly OpportunityEvent[], asOf?: string): TimeInStages {
  const totals = Object.fromEntries(OPEN_STAGES.map((s) => [s, 0])) as TimeInStages;
  let current: OpenStage | null = null;
  let since = 0;
  const close = (at: string) => {
    if (current !== null) totals[current] += Math.max(0, Date.parse(at) - since);
  };
  for (const event of events) {
    switch (event.type) {
      case 'OpportunityOpened':
        current = 'discovery';
        since = Date.parse(event.data.at);
        break;
      case 'OpportunityStageChanged':
        close(event.data.at);
        current = (OPEN_STAGES as readonly string[]).includes(event.data.to) ? (event.data.to as OpenStage) : null;
        since = Date.parse(event.data.at);
        break;
      case 'OpportunityWon':
      case 'OpportunityLost':
        close(event.data.at);
        current = null;
        break;
    }
  }
  if (asOf !== undefined) close(asOf);
  return totals;
}
