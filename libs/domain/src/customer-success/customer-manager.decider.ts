import type { Decider } from '../shared/decider';
import { CustomerSuccessError } from './customer-success.errors';
import type { CustomerManagerEvent } from './customer-success.events';

/** Bounds of a customer manager's book (docs/domain.md, roles: 100-150 clients each). */
export interface ManagerCapacityBounds {
  readonly min: number;
  readonly max: number;
  /** Used when a registration names no capacity. */
  readonly default: number;
}

export const DEFAULT_MANAGER_CAPACITY: ManagerCapacityBounds = { min: 100, max: 150, default: 150 };

export interface CustomerManagerProfile {
  readonly name: string;
  readonly email: string;
  /** Segments the manager serves; `*` serves every segment. */
  readonly segments: readonly string[];
  readonly capacity: number;
}

export type CustomerManagerState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'registered'; readonly managerId: string; readonly registeredAt: string } & CustomerManagerProfile);

export type CustomerManagerCommand = {
  type: 'RegisterCustomerManager';
  data: {
    managerId: string;
    name: string;
    email: string;
    segments: readonly string[];
    capacity?: number;
    bounds: ManagerCapacityBounds;
    at: string;
  };
};

/** Every rule a manager's profile breaks; empty when valid. */
export function managerProblems(profile: CustomerManagerProfile, bounds: ManagerCapacityBounds): string[] {
  const problems: string[] = [];
  if (profile.name.trim() === '') problems.push('name is required');
  if (!/^[^@\s]+@[^@\s]+$/.test(profile.email)) problems.push('email must be an address');
  if (profile.segments.length === 0 || profile.segments.some((s) => s.trim() === '')) problems.push('at least one segment (or *)');
  if (!Number.isInteger(profile.capacity) || profile.capacity < bounds.min || profile.capacity > bounds.max) {
    problems.push(`capacity must be an integer from ${bounds.min} to ${bounds.max} clients (got ${profile.capacity})`);
  }
  return problems;
}

function decide(command: CustomerManagerCommand, state: CustomerManagerState): CustomerManagerEvent[] {
  const { managerId, name, email, segments, bounds, at } = command.data;
  if (state.status === 'registered') throw new CustomerSuccessError('manager-already-registered', `customer manager ${managerId} exists`);
  const profile: CustomerManagerProfile = {
    name,
    email,
    segments: [...new Set(segments)],
    capacity: command.data.capacity ?? bounds.default,
  };
  const problems = managerProblems(profile, bounds);
  if (problems.length > 0) throw new CustomerSuccessError('invalid-manager', problems.join('; '));
  return [{ type: 'CustomerManagerRegistered', data: { managerId, ...profile, at } }];
}

function evolve(state: CustomerManagerState, event: CustomerManagerEvent): CustomerManagerState {
  if (event.type !== 'CustomerManagerRegistered') return state;
  const { managerId, name, email, segments, capacity, at } = event.data;
  return { status: 'registered', managerId, name, email, segments, capacity, registeredAt: at };
}

/** `cm-<managerId>`: the customer manager roster entry. */
export const customerManagerDecider: Decider<CustomerManagerState, CustomerManagerCommand, CustomerManagerEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
