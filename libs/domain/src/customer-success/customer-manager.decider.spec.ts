import { CustomerSuccessError } from './customer-success.errors';
import { customerManagerDecider, DEFAULT_MANAGER_CAPACITY } from './customer-manager.decider';

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
