import { DeciderSpecification } from '../testing/decider-specification';
import { CustomerSuccessError } from './customer-success.errors';
import type { CustomerEvent } from './customer-success.events';
import { customerDecider, foldCustomer, type CustomerCommand } from './customer.decider';

const C = 'cust-1';
const AT = '2026-03-02T09:00:00.000Z';
const RENEWAL = '2027-03-01T00:00:00.000Z';
const given = DeciderSpecification.for(customerDecider);
const created = {
  type: 'CustomerCreated',
  data: { customerId: C, leadId: 'lead-1', opportunityId: 'opp-1', amount: 24_000, renewalDate: RENEWAL, segment: 'smb', at: AT },
} satisfies CustomerEvent;
const customer = { customerId: C, leadId: 'lead-1' };
const churned: CustomerEvent = { type: 'CustomerChurned', data: { ...customer, reason: 'budget cut', at: AT } };
const upsellOpened = (upsellId: string, description: string): CustomerEvent => ({
  type: 'UpsellOpened',
  data: { ...customer, upsellId, description, handedTo: 'bd-bo', at: AT },
});
const upsellClosed = (upsellId: string, won: boolean, amount: number | null): CustomerEvent => ({
  type: 'UpsellClosed',
  data: { ...customer, upsellId, won, amount, at: AT },
});

describe('customer decider', () => {
  it('creates a customer from a won deal once, with its renewal date', () => {
    given([])
      .when({ type: 'CreateCustomer', data: { ...created.data } })
      .then([created]);
    expect(foldCustomer([created])).toMatchObject({ status: 'active', renewalDate: RENEWAL, managerId: null });
    given([created])
      .when({ type: 'CreateCustomer', data: { ...created.data } })
      .thenThrows(CustomerSuccessError, 'customer-exists');
  });

  it('records the manager with the pool the choice was made from', () => {
    const choice = { managerId: 'ben', segmentMatched: true, pool: [{ managerId: 'ben', clients: 0, capacity: 150, segmentMatch: true }] };
    const assigned: CustomerEvent = {
      type: 'CustomerManagerAssigned',
      data: { ...customer, managerId: 'ben', segmentMatched: true, pool: choice.pool, at: AT },
    };
    given([created])
      .when({ type: 'AssignCustomerManager', data: { customerId: C, choice, at: AT } })
      .then([assigned]);
    expect(foldCustomer([created, assigned])).toMatchObject({ managerId: 'ben' });
  });

  it('records onboarding once', () => {
    const onboard: CustomerCommand = { type: 'RecordOnboarding', data: { customerId: C, at: AT } };
    const onboarded: CustomerEvent = { type: 'CustomerOnboarded', data: { ...customer, at: AT } };
    given([created]).when(onboard).then([onboarded]);
    expect(foldCustomer([created, onboarded])).toMatchObject({ onboardedAt: AT });
    given([created, onboarded]).when(onboard).thenThrows(CustomerSuccessError, 'already-onboarded');
  });

  it('opens each renewal window once and only for the current renewal date', () => {
    const open = (daysBefore: number, renewalDate = RENEWAL): CustomerCommand => ({
      type: 'OpenRenewalWindow',
      data: { customerId: C, daysBefore, renewalDate, at: AT },
    });
    const opened: CustomerEvent = { type: 'RenewalWindowOpened', data: { ...customer, daysBefore: 60, renewalDate: RENEWAL, at: AT } };
    given([created]).when(open(60)).then([opened]);
    given([created, opened]).when(open(60)).thenNothingHappened();
    given([created, opened]).when(open(30, '2026-03-01T00:00:00.000Z')).thenNothingHappened();
    // A window event appended by a timer for a superseded date does not count.
    const state = foldCustomer([created, opened]);
    const stale: CustomerEvent = {
      type: 'RenewalWindowOpened',
      data: { ...customer, daysBefore: 30, renewalDate: '2020-01-01', at: AT },
    };
    expect(customerDecider.evolve(state, stale)).toBe(state);
  });

  it('renews only to a later renewal date, keeping the renewal history', () => {
    const renew = (newRenewalDate: string, amount = 26_000): CustomerCommand => ({
      type: 'RenewCustomer',
      data: { customerId: C, newRenewalDate, amount, at: AT },
    });
    given([created]).when(renew(RENEWAL)).thenThrows(CustomerSuccessError, 'invalid-renewal');
    given([created]).when(renew('not a date')).thenThrows(CustomerSuccessError, 'invalid-renewal');
    const renewed: CustomerEvent = {
      type: 'CustomerRenewed',
      data: { ...customer, newRenewalDate: '2028-03-01T00:00:00.000Z', amount: 26_000, at: AT },
    };
    given([created]).when(renew('2028-03-01T00:00:00.000Z')).then([renewed]);
    expect(foldCustomer([created, renewed])).toMatchObject({
      renewalDate: '2028-03-01T00:00:00.000Z',
      renewals: [{ previousRenewalDate: RENEWAL, newRenewalDate: '2028-03-01T00:00:00.000Z', amount: 26_000 }],
    });
  });

  it('churns with a reason, after which the customer takes no renewals, upsells or windows', () => {
    given([created])
      .when({ type: 'ChurnCustomer', data: { customerId: C, reason: '  ', at: AT } })
      .thenThrows(CustomerSuccessError, 'invalid-renewal');
    given([created])
      .when({ type: 'ChurnCustomer', data: { customerId: C, reason: 'budget cut', at: AT } })
      .then([churned]);
    expect(foldCustomer([created, churned])).toMatchObject({ status: 'churned', churn: { reason: 'budget cut', at: AT } });
    given([created, churned])
      .when({ type: 'RenewCustomer', data: { customerId: C, newRenewalDate: '2028-01-01', amount: 1, at: AT } })
      .thenThrows(CustomerSuccessError, 'customer-churned');
    given([created, churned])
      .when({ type: 'OpenUpsell', data: { customerId: C, upsellId: 'u', description: 'd', handedTo: 'bd', at: AT } })
      .thenThrows(CustomerSuccessError, 'customer-churned');
    given([created, churned])
      .when({ type: 'OpenRenewalWindow', data: { customerId: C, daysBefore: 30, renewalDate: RENEWAL, at: AT } })
      .thenNothingHappened();
  });

  it('hands upsells to business development and tracks them to won (with an amount) or lost', () => {
    given([created])
      .when({ type: 'OpenUpsell', data: { customerId: C, upsellId: 'u1', description: 'more seats', handedTo: 'bd-bo', at: AT } })
      .then([upsellOpened('u1', 'more seats')]);
    const history = [created, upsellOpened('u1', 'more seats')];
    given(history)
      .when({ type: 'OpenUpsell', data: { customerId: C, upsellId: 'u2', description: 'premium support', handedTo: 'bd-bo', at: AT } })
      .then([upsellOpened('u2', 'premium support')]);
    history.push(upsellOpened('u2', 'premium support'));
    given(history)
      .when({ type: 'OpenUpsell', data: { customerId: C, upsellId: 'u1', description: 'x', handedTo: 'bd', at: AT } })
      .thenThrows(CustomerSuccessError, 'upsell-exists');
    given(history)
      .when({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: true, amount: null, at: AT } })
      .thenThrows(CustomerSuccessError, 'invalid-upsell');
    given(history)
      .when({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: true, amount: 5_000, at: AT } })
      .then([upsellClosed('u1', true, 5_000)]);
    history.push(upsellClosed('u1', true, 5_000));
    given(history)
      .when({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u2', won: false, amount: 999, at: AT } })
      .then([upsellClosed('u2', false, null)]);
    history.push(upsellClosed('u2', false, null));
    const state = foldCustomer(history);
    expect(state.status !== 'none' && state.upsells.map((u) => [u.upsellId, u.handedTo, u.status, u.amount])).toEqual([
      ['u1', 'bd-bo', 'won', 5_000],
      ['u2', 'bd-bo', 'lost', null],
    ]);
    given(history)
      .when({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: false, amount: null, at: AT } })
      .thenThrows(CustomerSuccessError, 'upsell-closed');
    given(history)
      .when({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'zz', won: false, amount: null, at: AT } })
      .thenThrows(CustomerSuccessError, 'upsell-not-found');
  });

  it('refuses commands for a customer that does not exist', () => {
    given([])
      .when({ type: 'RecordOnboarding', data: { customerId: C, at: AT } })
      .thenThrows(CustomerSuccessError, 'customer-not-found');
  });
});
