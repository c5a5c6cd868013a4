/**
 * Events of the line after qualification (issue 4). Stream ids: appointments writes `ae-<aeId>`
 * (AE and SE roster), `appointment-<appointmentId>`, `opportunity-<opportunityId>`,
 * `nurture-<leadId>`, `vendor-<vendorId>`; customer-success writes `cm-<managerId>` and
 * `customer-<customerId>`. Every event with a lead carries `leadId` in data and metadata; times
 * are ISO-8601 strings that arrive on commands.
 */

export type AeRole = 'demo-guru' | 'hunter' | 'sales-engineer';
export type BookingMode = 'strict' | 'flexible';

export interface AeProfile {
  readonly name: string;
  readonly email: string;
  readonly role: AeRole;
  readonly segments: readonly string[];
  readonly industries: readonly string[];
  readonly workingHours: { readonly days: readonly number[]; readonly start: string; readonly end: string };
  readonly timeZone: string;
  /** Appointments a day (demo guru default 5; hunter: new appointments a day, default 2). */
  readonly dailyCap: number;
  /** Hunters only: open deals cap (default 150). */
  readonly openDealsCap: number | null;
  readonly active: boolean;
}

export type AeRegistered = { type: 'AeRegistered'; data: { aeId: string; profile: AeProfile; at: string } };
export type AeUpdated = { type: 'AeUpdated'; data: { aeId: string; changes: Partial<AeProfile>; at: string } };
export type AeTimeOffScheduled = { type: 'AeTimeOffScheduled'; data: { aeId: string; from: string; to: string; at: string } };

/** One eligible AE's standing when a booking was decided: the audit trail of fairness. */
export interface FairnessEntry {
  readonly aeId: string;
  readonly monthToDate: number;
  readonly freeSlots: number;
}

export type SlotsOffered = {
  type: 'SlotsOffered';
  data: { appointmentId: string; leadId: string; slots: readonly { aeId: string; start: string; end: string }[]; at: string };
};
export type AppointmentBooked = {
  type: 'AppointmentBooked';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    salesEngineerId: string | null;
    start: string;
    end: string;
    mode: BookingMode;
    /** Flexible mode: true when the prospect's first choice overrode equality. */
    equalityTraded: boolean;
    /** Calendar month of the credit, `YYYY-MM`. */
    creditMonth: string;
    pool: readonly FairnessEntry[];
    seed: number;
    policyVersion: number;
    at: string;
  };
};
export type AppointmentRescheduled = {
  type: 'AppointmentRescheduled';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    fromAeId: string;
    start: string;
    end: string;
    /** The sales engineer at the new time (kept, replaced, or null when none is free); absent on events before this field: unchanged. */
    salesEngineerId?: string | null;
    at: string;
  };
};
export type AppointmentCancelled = {
  type: 'AppointmentCancelled';
  data: { appointmentId: string; leadId: string; aeId: string; reason: string; at: string };
};
export type AppointmentNoShow = { type: 'AppointmentNoShow'; data: { appointmentId: string; leadId: string; aeId: string; at: string } };
export type AppointmentReminderDue = {
  type: 'AppointmentReminderDue';
  data: { appointmentId: string; leadId: string; aeId: string; before: string; start: string; at: string };
};
export type AppointmentHeld = { type: 'AppointmentHeld'; data: { appointmentId: string; leadId: string; aeId: string; at: string } };
export type DemoOutcomeRecorded = {
  type: 'DemoOutcomeRecorded';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    movedForward: boolean;
    hunterId: string | null;
    note: string | null;
    at: string;
  };
};

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

export type ProspectNurtured = {
  type: 'ProspectNurtured';
  data: { leadId: string; originalAeId: string; returnBy: string; reason: string; at: string };
};
export type ProspectReturnedFromNurture = { type: 'ProspectReturnedFromNurture'; data: { leadId: string; aeId: string; at: string } };
export type LeadRecycled = { type: 'LeadRecycled'; data: { leadId: string; reason: string; availableToOutboundAt: string; at: string } };

export type VendorListReceived = {
  type: 'VendorListReceived';
  data: { vendorId: string; listId: string; leadIds: readonly string[]; sampleLeadIds: readonly string[]; at: string };
};
export type VendorDecided = {
  type: 'VendorDecided';
  data: {
    vendorId: string;
    approved: boolean;
    test: string;
    sampleConversions: number;
    sampleSize: number;
    historicalConversions: number;
    historicalSize: number;
    pValue: number;
    threshold: number;
    at: string;
  };
};
export type VendorLeadsReleased = { type: 'VendorLeadsReleased'; data: { vendorId: string; leadIds: readonly string[]; at: string } };
export type VendorLeadsArchived = { type: 'VendorLeadsArchived'; data: { vendorId: string; leadIds: readonly string[]; at: string } };

export type CustomerManagerRegistered = {
  type: 'CustomerManagerRegistered';
  data: { managerId: string; name: string; email: string; segments: readonly string[]; capacity: number; at: string };
};
export type CustomerCreated = {
  type: 'CustomerCreated';
  data: {
    customerId: string;
    leadId: string;
    opportunityId: string;
    amount: number;
    renewalDate: string;
    segment: string | null;
    at: string;
  };
};
/** One manager's standing when a customer was assigned: the audit trail of the capacity/segment rule. */
export interface CustomerManagerStanding {
  readonly managerId: string;
  readonly clients: number;
  readonly capacity: number;
  readonly segmentMatch: boolean;
}
export type CustomerManagerAssigned = {
  type: 'CustomerManagerAssigned';
  data: {
    customerId: string;
    leadId: string;
    managerId: string;
    /** False when no manager under capacity covered the customer's segment and the fallback picked one. */
    segmentMatched: boolean;
    /** Every manager under capacity when the choice was made. */
    pool: readonly CustomerManagerStanding[];
    at: string;
  };
};
export type CustomerOnboarded = { type: 'CustomerOnboarded'; data: { customerId: string; leadId: string; at: string } };
export type RenewalWindowOpened = {
  type: 'RenewalWindowOpened';
  /** Days before the renewal date: 60 and 30 by default (configurable in customer-success). */
  data: { customerId: string; leadId: string; daysBefore: number; renewalDate: string; at: string };
};
export type CustomerRenewed = {
  type: 'CustomerRenewed';
  data: { customerId: string; leadId: string; newRenewalDate: string; amount: number; at: string };
};
export type CustomerChurned = { type: 'CustomerChurned'; data: { customerId: string; leadId: string; reason: string; at: string } };
export type UpsellOpened = {
  type: 'UpsellOpened';
  /** `handedTo`: the business-development rep who works the upsell. */
  data: { customerId: string; leadId: string; upsellId: string; description: string; handedTo: string; at: string };
};
export type UpsellClosed = {
  type: 'UpsellClosed';
  data: { customerId: string; leadId: string; upsellId: string; won: boolean; amount: number | null; at: string };
};
