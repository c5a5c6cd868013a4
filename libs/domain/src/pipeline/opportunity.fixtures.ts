import type { OpportunityEvent, OpportunityOpened, OpportunityStage } from './opportunity.events';

/** Test data shared by the opportunity specs: opportunity o1 of lead l1, opened by ae1. */
export const opened: OpportunityOpened = {
  type: 'OpportunityOpened',
  data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', appointmentId: 'a1', at: '2026-03-02T10:00:00.000Z' },
};

export const moved = (from: OpportunityStage, to: OpportunityStage, at: string): OpportunityEvent => ({
  type: 'OpportunityStageChanged',
  data: { opportunityId: 'o1', leadId: 'l1', from, to, at },
});

export const win = {
  amount: 48_000,
  margin: 0.6,
  contractTermMonths: 12,
  renewalDate: '2027-03-20',
  segment: 'smb',
  at: '2026-03-20T10:00:00.000Z',
};
