import type {
  LeadRecycled,
  OpportunityLost,
  OpportunityOpened,
  OpportunityStageChanged,
  OpportunityWon,
  ProspectNurtured,
  ProspectReturnedFromNurture,
  VendorDecided,
  VendorLeadsArchived,
  VendorLeadsReleased,
  VendorListReceived,
} from '../sales/sales.events';

/**
 * Appended by the durable timer scheduled when a prospect is nurtured, one year later, on
 * `nurture-<leadId>`; the nurture processor turns it into `LeadRecycled` when the prospect is
 * still waiting in that same nurture (identified by `nurturedAt`). Internal to appointments.
 */
export type NurtureYearElapsed = { type: 'NurtureYearElapsed'; data: { leadId: string; nurturedAt: string; at: string } };

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
export type NurtureEvent = ProspectNurtured | ProspectReturnedFromNurture | LeadRecycled | NurtureYearElapsed;
export type VendorEvent = VendorListReceived | VendorDecided | VendorLeadsReleased | VendorLeadsArchived;
