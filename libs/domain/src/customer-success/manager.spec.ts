import { CustomerSuccessError } from './customer-success.errors';
import { chooseCustomerManager, type ManagerLoad } from './manager-assignment';
import { customerManagerDecider, DEFAULT_MANAGER_CAPACITY } from './manager.decider';

const AT = '2026-03-02T09:00:00.000Z';
const register = (capacity?: number, segments: string[] = ['smb'], bounds = DEFAULT_MANAGER_CAPACITY) =>
  customerManagerDecider.decide(
    {
      type: 'RegisterCustomerManager',
      data: { managerId: 'mia', name: 'Mia', email: 'mia@cs.example', segments, capacity, bounds, at: AT },
    },
    customerManagerDecider.initialState(),
  );
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof CustomerSuccessError ? error.code : String(error);
  }
  return 'no error';
};

describe('customer manager roster', () => {
  it('registers with the default capacity of 150 clients when none is given', () => {
    expect(register()).toEqual([
      {
        type: 'CustomerManagerRegistered',
        data: { managerId: 'mia', name: 'Mia', email: 'mia@cs.example', segments: ['smb'], capacity: 150, at: AT },
      },
    ]);
  });

  it('accepts capacities from 100 to 150 clients and refuses anything outside', () => {
    expect(register(100)[0].data.capacity).toBe(100);
    expect(register(150)[0].data.capacity).toBe(150);
    expect(code(() => register(99))).toBe('invalid-manager');
    expect(code(() => register(151))).toBe('invalid-manager');
    expect(code(() => register(120.5))).toBe('invalid-manager');
  });

  it('takes its capacity bounds from configuration', () => {
    const bounds = { min: 10, max: 20, default: 15 };
    expect(register(undefined, ['smb'], bounds)[0].data.capacity).toBe(15);
    expect(code(() => register(100, ['smb'], bounds))).toBe('invalid-manager');
  });

  it('needs at least one segment and refuses a second registration of the same manager', () => {
    expect(code(() => register(120, []))).toBe('invalid-manager');
    const state = register().reduce(customerManagerDecider.evolve, customerManagerDecider.initialState());
    expect(state).toMatchObject({ status: 'registered', capacity: 150 });
    expect(
      code(() =>
        customerManagerDecider.decide(
          {
            type: 'RegisterCustomerManager',
            data: { managerId: 'mia', name: 'Mia', email: 'mia@cs.example', segments: ['smb'], bounds: DEFAULT_MANAGER_CAPACITY, at: AT },
          },
          state,
        ),
      ),
    ).toBe('manager-already-registered');
  });
});

describe('customer manager assignment', () => {
  const m = (managerId: string, clients: number, segments: string[] = ['smb'], capacity = 150): ManagerLoad => ({
    managerId,
    segments,
    capacity,
    clients,
  });

  it('gives the customer to the manager with the fewest clients among those covering its segment', () => {
    const choice = chooseCustomerManager([m('ann', 40), m('ben', 12), m('cat', 3, ['enterprise'])], 'smb');
    expect(choice).toMatchObject({ managerId: 'ben', segmentMatched: true });
    expect(choice?.pool.map((p) => [p.managerId, p.segmentMatch])).toEqual([
      ['ann', true],
      ['ben', true],
      ['cat', false],
    ]);
  });

  it('skips a manager at capacity even when they have the fewest clients of a segment', () => {
    expect(chooseCustomerManager([m('ann', 100, ['smb'], 100), m('ben', 120)], 'smb')?.managerId).toBe('ben');
  });

  it('falls back to the least-loaded manager of any segment when nobody under capacity covers it, and says so', () => {
    const choice = chooseCustomerManager([m('ann', 150, ['enterprise']), m('ben', 20, ['smb']), m('cat', 7, ['mid-market'])], 'enterprise');
    expect(choice).toMatchObject({ managerId: 'cat', segmentMatched: false });
  });

  it('treats * as every segment and a customer without a segment as covered by everyone', () => {
    expect(chooseCustomerManager([m('ann', 5, ['*']), m('ben', 1, ['smb'])], 'enterprise')).toMatchObject({
      managerId: 'ann',
      segmentMatched: true,
    });
    expect(chooseCustomerManager([m('ann', 5, ['enterprise']), m('ben', 1, ['smb'])], null)).toMatchObject({
      managerId: 'ben',
      segmentMatched: true,
    });
  });

  it('breaks ties by the lower share of capacity used, then by manager id, so the choice is deterministic', () => {
    expect(chooseCustomerManager([m('ben', 10, ['smb'], 100), m('ann', 10, ['smb'], 150)], 'smb')?.managerId).toBe('ann');
    expect(chooseCustomerManager([m('dan', 10), m('bob', 10), m('cid', 10)], 'smb')?.managerId).toBe('bob');
  });

  it('returns nobody when every manager is full', () => {
    expect(chooseCustomerManager([m('ann', 150), m('ben', 100, ['smb'], 100)], 'smb')).toBeNull();
    expect(chooseCustomerManager([], 'smb')).toBeNull();
  });
});
