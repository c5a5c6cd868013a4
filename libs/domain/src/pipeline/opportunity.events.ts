/**
 * An opportunity's events, on `opportunity-<opportunityId>` (written by appointments): opened from a
 * held first appointment, moved through the open stages, won or lost. Every event carries `leadId`
 * in data and metadata; times are ISO-8601 strings that arrive on commands.
 */

export type OpportunityStage = 'discovery' | 'demo' | 'proposal' | 'negotiation' | 'won' | 'lost';
export type OpportunityOpened = {
  type: 'OpportunityOpened';
  data: { opportunityId: string; leadId: string; aeId: string; appointmentId: string; at: string };
};
export type OpportunityStageChanged = {
  type: 'OpportunityStageChanged';
  data: { opportunityId: string; leadId: string; from: OpportunityStage; to: OpportunityStage; at: string };
};
export type OpportunityWon = {
  type: 'OpportunityWon';
  data: {
    opportunityId: string;
    leadId: string;
    aeId: string;
    amount: number;
    margin: number;
    contractTermMonths: number;
    renewalDate: string;
    segment: string | null;
    at: string;
  };
};
export type OpportunityLost = {
  type: 'OpportunityLost';
  data: { opportunityId: string; leadId: string; aeId: string; reason: string; hopeless: boolean; at: string };
};

/**
 * A demo guru's moved-forward prospect goes to a hunter, who runs the deal to close: the
 * opportunity's owner (and so the AE on `OpportunityWon`/`OpportunityLost`) changes. Additive, on
 * `opportunity-<id>`; from `DemoOutcomeRecorded` with a hunter.
 */
export type OpportunityHandedOver = {
  type: 'OpportunityHandedOver';
  data: { opportunityId: string; leadId: string; fromAeId: string; aeId: string; appointmentId: string; at: string };
};

export type OpportunityEvent = OpportunityOpened | OpportunityStageChanged | OpportunityHandedOver | OpportunityWon | OpportunityLost;
