/**
 * Customer success's events, on `cm-<managerId>` (the customer manager roster) and
 * `customer-<customerId>` (a won deal's life as a customer). Every event with a lead carries
 * `leadId` in data and metadata; times are ISO-8601 strings that arrive on commands.
 */

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

export type CustomerManagerEvent = CustomerManagerRegistered;
export type CustomerEvent =
  | CustomerCreated
  | CustomerManagerAssigned
  | CustomerOnboarded
  | RenewalWindowOpened
  | CustomerRenewed
  | CustomerChurned
  | UpsellOpened
  | UpsellClosed;
