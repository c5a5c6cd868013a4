import type { OpportunityStage } from '@leadline/domain';

/**
 * The share of an open deal's amount the pipeline counts, by the stage it is in: the chance a deal
 * that reached the stage closes, as sales operations commonly sets it. The one place these numbers
 * live: the pipeline metrics take them as a parameter, docs/metrics.md lists them.
 */
export const STAGE_WEIGHTS: Readonly<Record<Exclude<OpportunityStage, 'won' | 'lost'>, number>> = {
  discovery: 0.1,
  demo: 0.25,
  proposal: 0.5,
  negotiation: 0.75,
};

/** The weights as the SQL takes them (`[{stage, weight}]`, a jsonb parameter). */
export const stageWeightsParam = (): string => JSON.stringify(Object.entries(STAGE_WEIGHTS).map(([stage, weight]) => ({ stage, weight })));
