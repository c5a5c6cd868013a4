import { foldEvents, unknownCommand, type Decider } from '../shared/decider';
import { CustomerSuccessError } from './customer-success.errors';
import type { CustomerCreated, CustomerEvent } from './customer-success.events';
import type { ManagerChoice } from './customer-manager-assignment';

export interface OpenedWindow {
  readonly daysBefore: number;
  readonly renewalDate: string;
  readonly at: string;
}

export interface Renewal {
  readonly previousRenewalDate: string;
  readonly newRenewalDate: string;
  readonly amount: number;
  readonly at: string;
}

export interface Upsell {
  readonly upsellId: string;
  readonly description: string;
  readonly handedTo: string;
  readonly openedAt: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly amount: number | null;
  readonly closedAt: string | null;
}

export interface CustomerRecord {
  readonly customerId: string;
  readonly leadId: string;
  readonly opportunityId: string;
  readonly segment: string | null;
  readonly amount: number;
  readonly renewalDate: string;
  readonly createdAt: string;
  readonly managerId: string | null;
  readonly onboardedAt: string | null;
  readonly windows: readonly OpenedWindow[];
  readonly renewals: readonly Renewal[];
  readonly upsells: readonly Upsell[];
  readonly churn: { readonly reason: string; readonly at: string } | null;
}

export type CustomerState = { readonly status: 'none' } | ({ readonly status: 'active' | 'churned' } & CustomerRecord);

export type CustomerCommand =
  | { type: 'CreateCustomer'; data: CustomerCreated['data'] }
  | { type: 'AssignCustomerManager'; data: { customerId: string; choice: ManagerChoice; at: string } }
  | { type: 'RecordOnboarding'; data: { customerId: string; at: string } }
  | { type: 'OpenRenewalWindow'; data: { customerId: string; daysBefore: number; renewalDate: string; at: string } }
  | { type: 'RenewCustomer'; data: { customerId: string; newRenewalDate: string; amount: number; at: string } }
  | { type: 'ChurnCustomer'; data: { customerId: string; reason: string; at: string } }
  | { type: 'OpenUpsell'; data: { customerId: string; upsellId: string; description: string; handedTo: string; at: string } }
  | { type: 'CloseUpsell'; data: { customerId: string; upsellId: string; won: boolean; amount: number | null; at: string } };

function isInstant(value: string): boolean {
  return typeof value === 'string' && value.length >= 10 && !Number.isNaN(new Date(value).getTime());
}

function existing(state: CustomerState, customerId: string): Exclude<CustomerState, { status: 'none' }> {
  if (state.status === 'none') throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
  return state;
}

function active(state: CustomerState, customerId: string): Exclude<CustomerState, { status: 'none' }> {
  const customer = existing(state, customerId);
  if (customer.status === 'churned')
    throw new CustomerSuccessError('customer-churned', `customer ${customerId} churned on ${customer.churn?.at}`);
  return customer;
}

function decide(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  const { customerId, at } = command.data;
  switch (command.type) {
    case 'CreateCustomer': {
      if (state.status !== 'none') throw new CustomerSuccessError('customer-exists', `customer ${customerId} exists`);
      const { leadId, opportunityId, amount, renewalDate, segment } = command.data;
      if (!isInstant(renewalDate)) throw new CustomerSuccessError('invalid-renewal', `renewal date ${renewalDate} is not a date`);
      return [{ type: 'CustomerCreated', data: { customerId, leadId, opportunityId, amount, renewalDate, segment, at } }];
    }
    case 'AssignCustomerManager': {
      const customer = active(state, customerId);
      const { managerId, segmentMatched, pool } = command.data.choice;
      if (customer.managerId === managerId) return [];
      return [{ type: 'CustomerManagerAssigned', data: { customerId, leadId: customer.leadId, managerId, segmentMatched, pool, at } }];
    }
    case 'RecordOnboarding': {
      const customer = active(state, customerId);
      if (customer.onboardedAt)
        throw new CustomerSuccessError('already-onboarded', `customer ${customerId} was onboarded on ${customer.onboardedAt}`);
      return [{ type: 'CustomerOnboarded', data: { customerId, leadId: customer.leadId, at } }];
    }
    case 'OpenRenewalWindow': {
      // A window for a superseded renewal date, after churn, or already open is a no-op (timers may race renewals).
      if (state.status !== 'active' || !windowApplies(state, command.data)) return [];
      const { daysBefore, renewalDate } = command.data;
      return [{ type: 'RenewalWindowOpened', data: { customerId, leadId: state.leadId, daysBefore, renewalDate, at } }];
    }
    case 'RenewCustomer': {
      const customer = active(state, customerId);
      const { newRenewalDate, amount } = command.data;
      if (!isInstant(newRenewalDate)) throw new CustomerSuccessError('invalid-renewal', `new renewal date ${newRenewalDate} is not a date`);
      if (new Date(newRenewalDate).getTime() <= new Date(customer.renewalDate).getTime()) {
        throw new CustomerSuccessError(
          'invalid-renewal',
          `new renewal date ${newRenewalDate} must be after the current one (${customer.renewalDate})`,
        );
      }
      if (!(Number.isFinite(amount) && amount >= 0)) throw new CustomerSuccessError('invalid-renewal', 'amount must be a number ≥ 0');
      return [{ type: 'CustomerRenewed', data: { customerId, leadId: customer.leadId, newRenewalDate, amount, at } }];
    }
    case 'ChurnCustomer': {
      const customer = active(state, customerId);
      const reason = command.data.reason.trim();
      if (reason === '') throw new CustomerSuccessError('invalid-renewal', 'a churn needs a reason');
      return [{ type: 'CustomerChurned', data: { customerId, leadId: customer.leadId, reason, at } }];
    }
    case 'OpenUpsell': {
      const customer = active(state, customerId);
      const { upsellId, description, handedTo } = command.data;
      if (customer.upsells.some((u) => u.upsellId === upsellId))
        throw new CustomerSuccessError('upsell-exists', `upsell ${upsellId} exists`);
      if (description.trim() === '' || handedTo.trim() === '')
        throw new CustomerSuccessError('invalid-upsell', 'an upsell needs a description and the business-development rep it is handed to');
      return [{ type: 'UpsellOpened', data: { customerId, leadId: customer.leadId, upsellId, description, handedTo, at } }];
    }
    case 'CloseUpsell': {
      const customer = existing(state, customerId);
      const { upsellId, won, amount } = command.data;
      const upsell = customer.upsells.find((u) => u.upsellId === upsellId);
      if (!upsell) throw new CustomerSuccessError('upsell-not-found', `upsell ${upsellId} of customer ${customerId} does not exist`);
      if (upsell.status !== 'open')
        throw new CustomerSuccessError('upsell-closed', `upsell ${upsellId} was already closed ${upsell.status}`);
      if (won && !(amount !== null && Number.isFinite(amount) && amount > 0))
        throw new CustomerSuccessError('invalid-upsell', 'a won upsell needs an amount > 0');
      return [{ type: 'UpsellClosed', data: { customerId, leadId: customer.leadId, upsellId, won, amount: won ? amount : null, at } }];
    }
    default:
      return unknownCommand(command);
  }
}

/** A window counts only for the current renewal date and only once. */
function windowApplies(state: CustomerRecord, window: { daysBefore: number; renewalDate: string }): boolean {
  return (
    window.renewalDate === state.renewalDate &&
    !state.windows.some((w) => w.renewalDate === window.renewalDate && w.daysBefore === window.daysBefore)
  );
}

function evolve(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerCreated') {
    if (state.status !== 'none') return state;
    // The record starts as the creation's data; `at` becomes its creation time.
    const { at: createdAt, ...created } = event.data;
    return {
      status: 'active',
      ...created,
      createdAt,
      managerId: null,
      onboardedAt: null,
      windows: [],
      renewals: [],
      upsells: [],
      churn: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CustomerManagerAssigned':
      return { ...state, managerId: event.data.managerId };
    case 'CustomerOnboarded':
      return { ...state, onboardedAt: event.data.at };
    case 'RenewalWindowOpened': {
      // Appended by a durable timer without a decision: a stale or repeated window changes nothing.
      if (state.status !== 'active' || !windowApplies(state, event.data)) return state;
      const { daysBefore, renewalDate, at } = event.data;
      return { ...state, windows: [...state.windows, { daysBefore, renewalDate, at }] };
    }
    case 'CustomerRenewed': {
      const { newRenewalDate, amount, at } = event.data;
      return {
        ...state,
        renewalDate: newRenewalDate,
        renewals: [...state.renewals, { previousRenewalDate: state.renewalDate, newRenewalDate, amount, at }],
      };
    }
    case 'CustomerChurned':
      return { ...state, status: 'churned', churn: { reason: event.data.reason, at: event.data.at } };
    case 'UpsellOpened': {
      const { upsellId, description, handedTo, at } = event.data;
      return {
        ...state,
        upsells: [...state.upsells, { upsellId, description, handedTo, openedAt: at, status: 'open', amount: null, closedAt: null }],
      };
    }
    case 'UpsellClosed': {
      const { upsellId, won, amount, at } = event.data;
      return {
        ...state,
        upsells: state.upsells.map((u) => (u.upsellId === upsellId ? { ...u, status: won ? 'won' : 'lost', amount, closedAt: at } : u)),
      };
    }
    default:
      return state;
  }
}

/** `customer-<customerId>`: a won deal's life with customer success. */
export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

/** Folds a customer's history. */
export function foldCustomer(events: readonly CustomerEvent[]): CustomerState {
  return foldEvents(customerDecider, events);
}
