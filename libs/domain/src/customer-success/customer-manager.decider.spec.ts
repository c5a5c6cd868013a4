import { DeciderSpecification } from '../testing/decider-specification';
import { CustomerSuccessError } from './customer-success.errors';
import type { CustomerManagerEvent } from './customer-success.events';
import { customerManagerDecider, DEFAULT_MANAGER_CAPACITY, type CustomerManagerCommand } from './customer-manager.decider';

const AT = '2026-03-02T09:00:00.000Z';
const given = DeciderSpecification.for(customerManagerDecider);
const register = (capacity?: number, segments: string[] = ['smb'], bounds = DEFAULT_MANAGER_CAPACITY): CustomerManagerCommand => ({
  type: 'RegisterCustomerManager',
  data: { managerId: 'mia', name: 'Mia', email: 'mia@cs.example', segments, capacity, bounds, at: AT },
});
const registered = (capacity: number): CustomerManagerEvent => ({
  type: 'CustomerManagerRegistered',
  data: { managerId: 'mia', name: 'Mia', email: 'mia@cs.example', segments: ['smb'], capacity, at: AT },
});

describe('customer manager roster', () => {
  it('registers with the default capacity of 150 clients when none is given', () => {
    given([])
      .when(register())
      .then([registered(150)]);
  });

  it('accepts capacities from 100 to 150 clients and refuses anything outside', () => {
    given([])
      .when(register(100))
      .then([registered(100)]);
    given([])
      .when(register(150))
      .then([registered(150)]);
    for (const capacity of [99, 151, 120.5]) given([]).when(register(capacity)).thenThrows(CustomerSuccessError, 'invalid-manager');
  });

  it('takes its capacity bounds from configuration', () => {
    const bounds = { min: 10, max: 20, default: 15 };
    given([])
      .when(register(undefined, ['smb'], bounds))
      .then([registered(15)]);
    given([])
      .when(register(100, ['smb'], bounds))
      .thenThrows(CustomerSuccessError, 'invalid-manager');
  });

  it('needs at least one segment and refuses a second registration of the same manager', () => {
    given([]).when(register(120, [])).thenThrows(CustomerSuccessError, 'invalid-manager');
    expect(customerManagerDecider.evolve(customerManagerDecider.initialState(), registered(150))).toMatchObject({
      status: 'registered',
      capacity: 150,
    });
    given([registered(150)])
      .when(register())
      .thenThrows(CustomerSuccessError, 'manager-already-registered');
  });
});
