import type { LabRecord } from './lab-record';

/** What really happened to a lead after it was scored: the labels a scoring model is judged against. */
export interface LeadOutcome {
  readonly qualified: boolean;
  readonly opportunity: boolean;
  readonly won: boolean;
  /** Sum of won deals' amounts. */
  readonly amount: number;
}

export const NO_OUTCOME: LeadOutcome = { qualified: false, opportunity: false, won: false, amount: 0 };

/** Each lead's outcome from its qualification, opportunities and won deals. */
export function leadOutcomes(records: Iterable<LabRecord>): Map<string, LeadOutcome> {
  const outcomes = new Map<string, LeadOutcome>();
  const update = (leadId: string, change: (o: LeadOutcome) => LeadOutcome) =>
    outcomes.set(leadId, change(outcomes.get(leadId) ?? NO_OUTCOME));
  for (const { event } of records) {
    switch (event.type) {
      case 'LeadQualified':
        update(event.data.leadId, (o) => ({ ...o, qualified: true }));
        break;
      case 'OpportunityOpened':
        update(event.data.leadId, (o) => ({ ...o, opportunity: true }));
        break;
      case 'OpportunityWon':
        update(event.data.leadId, (o) => ({ ...o, opportunity: true, won: true, amount: o.amount + event.data.amount }));
        break;
      default:
        break;
    }
  }
  return outcomes;
}
