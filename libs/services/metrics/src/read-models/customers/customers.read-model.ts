import type {
  CustomerChurned,
  CustomerCreated,
  CustomerManagerAssigned,
  CustomerManagerRegistered,
  CustomerOnboarded,
  CustomerRenewed,
  RenewalWindowOpened,
  UpsellClosed,
  UpsellOpened,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { atMin, col, first, keep, key, latest, RECORDED, type FactTable } from '../fact-table';
import type { HistoryTable } from '../history-table';

/**
 * Every customer's history (`customer_facts`) and, folded, the customer (`customers`, a won deal):
 * first contract, manager and renewal date (as of T), churn.
 */
export const CUSTOMER_FACTS: HistoryTable = {
  name: 'customer_facts',
  view: 'customers',
  keys: ['customer_id'],
  columns: [
    keep('lead_id'),
    keep('opportunity_id'),
    first('created_at'),
    atMin('amount', 'created_at', 'numeric'),
    atMin('segment', 'created_at'),
    atMin('initial_renewal_date', 'created_at', 'timestamptz'),
    latest('renewal_changed_at', 'timestamptz'),
    latest('renewal_date', 'timestamptz', 'renewal_changed_at'),
    latest('manager_since', 'timestamptz'),
    latest('manager_id', 'text', 'manager_since'),
    first('onboarded_at'),
    first('churned_at'),
    atMin('churn_reason', 'churned_at'),
  ],
};

export const CUSTOMER_MANAGERS: FactTable = {
  name: 'customer_managers',
  columns: [key('manager_id'), latest('name'), latest('email'), latest('capacity', 'integer'), first('registered_at')],
};

/** Every (re)assignment of a customer to a manager; the manager as of a moment is the latest one before it. */
export const CUSTOMER_MANAGER_ASSIGNMENTS: FactTable = {
  name: 'customer_manager_assignments',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('customer_id'),
    col('manager_id'),
    col('segment_matched', 'boolean'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
  indexes: ['customer_id, at'],
};

/** Renewal conversations opened (60 and 30 days before the date by default); a repeated window is kept once. */
export const RENEWAL_WINDOWS: FactTable = {
  name: 'renewal_windows',
  insertOnly: true,
  columns: [key('customer_id'), key('renewal_date', 'timestamptz'), key('days_before', 'integer'), col('at', 'timestamptz'), ...RECORDED],
};

export const RENEWALS: FactTable = {
  name: 'renewals',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('customer_id'),
    col('new_renewal_date', 'timestamptz'),
    col('amount', 'numeric'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
  indexes: ['customer_id'],
};

/** Upsells handed to business development (`upsell_facts`), folded per upsell (`upsells`). */
export const UPSELL_FACTS: HistoryTable = {
  name: 'upsell_facts',
  view: 'upsells',
  keys: ['customer_id', 'upsell_id'],
  columns: [
    keep('handed_to'),
    first('opened_at'),
    first('closed_at'),
    atMin('won', 'closed_at', 'boolean'),
    atMin('amount', 'closed_at', 'numeric'),
  ],
};

const customer = (customerId: string, at: string | null, row: Record<string, string | number | null>): Fact => [
  CUSTOMER_FACTS,
  { customer_id: customerId, at, ...row },
];

function customerFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'CustomerCreated': {
      const d = dataOf<CustomerCreated>(event);
      const at = iso(d.at);
      const renewal = { initial_renewal_date: iso(d.renewalDate), renewal_changed_at: at, renewal_date: iso(d.renewalDate) };
      return [
        customer(d.customerId, at, {
          lead_id: d.leadId,
          opportunity_id: d.opportunityId,
          created_at: at,
          amount: d.amount,
          segment: d.segment,
          ...renewal,
        }),
      ];
    }
    case 'CustomerManagerRegistered': {
      const d = dataOf<CustomerManagerRegistered>(event);
      return [
        [CUSTOMER_MANAGERS, { manager_id: d.managerId, name: d.name, email: d.email, capacity: d.capacity, registered_at: iso(d.at) }],
      ];
    }
    case 'CustomerManagerAssigned': {
      const d = dataOf<CustomerManagerAssigned>(event);
      const at = iso(d.at);
      return [
        customer(d.customerId, at, { lead_id: d.leadId, manager_since: at, manager_id: d.managerId }),
        [
          CUSTOMER_MANAGER_ASSIGNMENTS,
          { event_id: event.id, customer_id: d.customerId, manager_id: d.managerId, segment_matched: d.segmentMatched, at },
        ],
      ];
    }
    case 'CustomerOnboarded': {
      const d = dataOf<CustomerOnboarded>(event);
      const at = iso(d.at);
      return [customer(d.customerId, at, { lead_id: d.leadId, onboarded_at: at })];
    }
    case 'RenewalWindowOpened': {
      const d = dataOf<RenewalWindowOpened>(event);
      return [[RENEWAL_WINDOWS, { customer_id: d.customerId, renewal_date: iso(d.renewalDate), days_before: d.daysBefore, at: iso(d.at) }]];
    }
    case 'CustomerRenewed': {
      const d = dataOf<CustomerRenewed>(event);
      const at = iso(d.at);
      return [
        customer(d.customerId, at, { lead_id: d.leadId, renewal_changed_at: at, renewal_date: iso(d.newRenewalDate) }),
        [RENEWALS, { event_id: event.id, customer_id: d.customerId, new_renewal_date: iso(d.newRenewalDate), amount: d.amount, at }],
      ];
    }
    case 'CustomerChurned': {
      const d = dataOf<CustomerChurned>(event);
      const at = iso(d.at);
      return [customer(d.customerId, at, { lead_id: d.leadId, churned_at: at, churn_reason: d.reason })];
    }
    case 'UpsellOpened': {
      const d = dataOf<UpsellOpened>(event);
      const at = iso(d.at);
      return [[UPSELL_FACTS, { customer_id: d.customerId, upsell_id: d.upsellId, at, handed_to: d.handedTo, opened_at: at }]];
    }
    case 'UpsellClosed': {
      const d = dataOf<UpsellClosed>(event);
      const at = iso(d.at);
      return [[UPSELL_FACTS, { customer_id: d.customerId, upsell_id: d.upsellId, at, closed_at: at, won: d.won, amount: d.amount }]];
    }
    default:
      return [];
  }
}

export const CUSTOMERS_READ_MODEL = defineReadModel({
  name: 'customers',
  tables: [CUSTOMER_FACTS, CUSTOMER_MANAGERS, CUSTOMER_MANAGER_ASSIGNMENTS, RENEWAL_WINDOWS, RENEWALS, UPSELL_FACTS],
  eventTypes: [
    'CustomerCreated',
    'CustomerManagerRegistered',
    'CustomerManagerAssigned',
    'CustomerOnboarded',
    'RenewalWindowOpened',
    'CustomerRenewed',
    'CustomerChurned',
    'UpsellOpened',
    'UpsellClosed',
  ],
  facts: customerFacts,
});
