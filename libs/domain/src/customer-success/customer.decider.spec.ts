import { CustomerSuccessError } from './customer-success.errors';
import type { CustomerEvent } from './customer-success.events';
import { customerDecider, foldCustomer, type CustomerCommand, type CustomerState } from './customer.decider';

const C = 'cust-1';
const AT = '2026-03-02T09:00:00.000Z';
const created: CustomerEvent = {
  type: 'CustomerCreated',
  data: {
    customerId: C,
    leadId: 'lead-1',
    opportunityId: 'opp-1',
    amount: 24_000,
    renewalDate: '2027-03-01T00:00:00.000Z',
    segment: 'smb',
    at: AT,
  },
};
const run = (state: CustomerState, command: CustomerCommand) => {
  const events = customerDecider.decide(command, state);
  return { events, state: events.reduce(customerDecider.evolve, state) };
};
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof CustomerSuccessError ? error.code : String(error);
  }
  return 'no error';
};
const base = () => foldCustomer([created]);

describe('customer decider', () => {
  it('creates a customer from a won deal once, with its renewal date', () => {
    const { events, state } = run(customerDecider.initialState(), {
      type: 'CreateCustomer',
      data: {
        customerId: C,
        leadId: 'lead-1',
        opportunityId: 'opp-1',
        amount: 24_000,
        renewalDate: '2027-03-01T00:00:00.000Z',
        segment: 'smb',
        at: AT,
      },
    });
    expect(events).toEqual([created]);
    expect(state).toMatchObject({ status: 'active', renewalDate: '2027-03-01T00:00:00.000Z', managerId: null });
    expect(code(() => customerDecider.decide({ type: 'CreateCustomer', data: { ...created.data } }, state))).toBe('customer-exists');
  });

  it('records the manager with the pool the choice was made from', () => {
    const choice = { managerId: 'ben', segmentMatched: true, pool: [{ managerId: 'ben', clients: 0, capacity: 150, segmentMatch: true }] };
    const { events, state } = run(base(), { type: 'AssignCustomerManager', data: { customerId: C, choice, at: AT } });
    expect(events[0]).toEqual({
      type: 'CustomerManagerAssigned',
      data: { customerId: C, leadId: 'lead-1', managerId: 'ben', segmentMatched: true, pool: choice.pool, at: AT },
    });
    expect(state).toMatchObject({ managerId: 'ben' });
  });

  it('records onboarding once', () => {
    const { state } = run(base(), { type: 'RecordOnboarding', data: { customerId: C, at: AT } });
    expect(state).toMatchObject({ onboardedAt: AT });
    expect(code(() => customerDecider.decide({ type: 'RecordOnboarding', data: { customerId: C, at: AT } }, state))).toBe(
      'already-onboarded',
    );
  });

  it('opens each renewal window once and only for the current renewal date', () => {
    const open = (daysBefore: number, renewalDate = '2027-03-01T00:00:00.000Z') =>
      ({ type: 'OpenRenewalWindow', data: { customerId: C, daysBefore, renewalDate, at: AT } }) as const;
    const first = run(base(), open(60));
    expect(first.events).toHaveLength(1);
    expect(customerDecider.decide(open(60), first.state)).toEqual([]);
    expect(customerDecider.decide(open(30, '2026-03-01T00:00:00.000Z'), first.state)).toEqual([]);
    // A window event appended by a timer for a superseded date does not count.
    const stale: CustomerEvent = {
      type: 'RenewalWindowOpened',
      data: { customerId: C, leadId: 'lead-1', daysBefore: 30, renewalDate: '2020-01-01', at: AT },
    };
    expect(customerDecider.evolve(first.state, stale)).toBe(first.state);
  });

  it('renews only to a later renewal date, keeping the renewal history', () => {
    const renew = (newRenewalDate: string, amount = 26_000) =>
      ({ type: 'RenewCustomer', data: { customerId: C, newRenewalDate, amount, at: AT } }) as const;
    expect(code(() => customerDecider.decide(renew('2027-03-01T00:00:00.000Z'), base()))).toBe('invalid-renewal');
    expect(code(() => customerDecider.decide(renew('not a date'), base()))).toBe('invalid-renewal');
    const { state } = run(base(), renew('2028-03-01T00:00:00.000Z'));
    expect(state).toMatchObject({
      renewalDate: '2028-03-01T00:00:00.000Z',
      renewals: [{ previousRenewalDate: '2027-03-01T00:00:00.000Z', newRenewalDate: '2028-03-01T00:00:00.000Z', amount: 26_000 }],
    });
  });

  it('churns with a reason, after which the customer takes no renewals, upsells or windows', () => {
    expect(code(() => customerDecider.decide({ type: 'ChurnCustomer', data: { customerId: C, reason: '  ', at: AT } }, base()))).toBe(
      'invalid-renewal',
    );
    const { state } = run(base(), { type: 'ChurnCustomer', data: { customerId: C, reason: 'budget cut', at: AT } });
    expect(state).toMatchObject({ status: 'churned', churn: { reason: 'budget cut', at: AT } });
    expect(
      code(() =>
        customerDecider.decide({ type: 'RenewCustomer', data: { customerId: C, newRenewalDate: '2028-01-01', amount: 1, at: AT } }, state),
      ),
    ).toBe('customer-churned');
    expect(
      code(() =>
        customerDecider.decide(
          { type: 'OpenUpsell', data: { customerId: C, upsellId: 'u', description: 'd', handedTo: 'bd', at: AT } },
          state,
        ),
      ),
    ).toBe('customer-churned');
    expect(
      customerDecider.decide(
        { type: 'OpenRenewalWindow', data: { customerId: C, daysBefore: 30, renewalDate: '2027-03-01T00:00:00.000Z', at: AT } },
        state,
      ),
    ).toEqual([]);
  });

  it('hands upsells to business development and tracks them to won (with an amount) or lost', () => {
    let state = base();
    ({ state } = run(state, {
      type: 'OpenUpsell',
      data: { customerId: C, upsellId: 'u1', description: 'more seats', handedTo: 'bd-bo', at: AT },
    }));
    ({ state } = run(state, {
      type: 'OpenUpsell',
      data: { customerId: C, upsellId: 'u2', description: 'premium support', handedTo: 'bd-bo', at: AT },
    }));
    expect(
      code(() =>
        customerDecider.decide(
          { type: 'OpenUpsell', data: { customerId: C, upsellId: 'u1', description: 'x', handedTo: 'bd', at: AT } },
          state,
        ),
      ),
    ).toBe('upsell-exists');
    expect(
      code(() =>
        customerDecider.decide({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: true, amount: null, at: AT } }, state),
      ),
    ).toBe('invalid-upsell');
    ({ state } = run(state, { type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: true, amount: 5_000, at: AT } }));
    ({ state } = run(state, { type: 'CloseUpsell', data: { customerId: C, upsellId: 'u2', won: false, amount: 999, at: AT } }));
    expect(state.status !== 'none' && state.upsells.map((u) => [u.upsellId, u.handedTo, u.status, u.amount])).toEqual([
      ['u1', 'bd-bo', 'won', 5_000],
      ['u2', 'bd-bo', 'lost', null],
    ]);
    expect(
      code(() =>
        customerDecider.decide({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'u1', won: false, amount: null, at: AT } }, state),
      ),
    ).toBe('upsell-closed');
    expect(
      code(() =>
        customerDecider.decide({ type: 'CloseUpsell', data: { customerId: C, upsellId: 'zz', won: false, amount: null, at: AT } }, state),
      ),
    ).toBe('upsell-not-found');
  });

  it('refuses commands for a customer that does not exist', () => {
    expect(
      code(() => customerDecider.decide({ type: 'RecordOnboarding', data: { customerId: C, at: AT } }, customerDecider.initialState())),
    ).toBe('customer-not-found');
  });
});
