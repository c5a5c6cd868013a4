import { unknownCommand, type Decider } from '../shared/decider';
import { scheduleProblems, timeOffProblem, type TimeOffPeriod } from '../shared/working-time';
import { RoutingError } from './routing.errors';
import type { SdrEvent, SdrProfile } from './routing.events';

export const DEFAULT_WEEKLY_CAPACITY = 160;

export interface TimeOff extends TimeOffPeriod {
  readonly reason: string | null;
}

export type SdrState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'registered'; readonly sdrId: string; readonly profile: SdrProfile; readonly timeOff: readonly TimeOff[] };

export type NewSdrProfile = Omit<SdrProfile, 'weeklyCapacity' | 'active'> & { weeklyCapacity?: number; active?: boolean };

export type SdrCommand =
  | { type: 'RegisterSdr'; data: { sdrId: string; profile: NewSdrProfile; at: string } }
  | { type: 'UpdateSdr'; data: { sdrId: string; changes: Partial<SdrProfile>; at: string } }
  | { type: 'ScheduleTimeOff'; data: { sdrId: string; from: string; to: string; reason: string | null; at: string } };

/** The rules a roster entry must satisfy; an empty list means valid. */
export function profileProblems(profile: SdrProfile): string[] {
  const problems = scheduleProblems(profile.timeZone, profile.workingHours);
  if (!Number.isInteger(profile.weeklyCapacity) || profile.weeklyCapacity < 1) problems.push('weekly capacity must be a positive integer');
  if (profile.territories.length === 0) problems.push('at least one territory (or *)');
  if (profile.segments.length === 0) problems.push('at least one segment (or *)');
  return problems;
}

function assertValid(profile: SdrProfile): void {
  const problems = profileProblems(profile);
  if (problems.length > 0) throw new RoutingError('invalid-sdr', problems.join('; '));
}

function decide(command: SdrCommand, state: SdrState): SdrEvent[] {
  switch (command.type) {
    case 'RegisterSdr': {
      if (state.status === 'registered') throw new RoutingError('sdr-already-registered', `SDR ${command.data.sdrId} exists`);
      const { profile: p, sdrId, at } = command.data;
      const profile: SdrProfile = { ...p, weeklyCapacity: p.weeklyCapacity ?? DEFAULT_WEEKLY_CAPACITY, active: p.active ?? true };
      assertValid(profile);
      return [{ type: 'SdrRegistered', data: { ...profile, sdrId, registeredAt: at } }];
    }
    case 'UpdateSdr': {
      if (state.status !== 'registered') throw new RoutingError('sdr-not-found', `SDR ${command.data.sdrId} is not registered`);
      assertValid({ ...state.profile, ...command.data.changes });
      return [{ type: 'SdrUpdated', data: { sdrId: state.sdrId, changes: command.data.changes, updatedAt: command.data.at } }];
    }
    case 'ScheduleTimeOff': {
      if (state.status !== 'registered') throw new RoutingError('sdr-not-found', `SDR ${command.data.sdrId} is not registered`);
      const { from, to, reason, at } = command.data;
      const problem = timeOffProblem({ from, to });
      if (problem) throw new RoutingError('invalid-sdr', problem);
      return [{ type: 'SdrTimeOffScheduled', data: { sdrId: state.sdrId, from, to, reason, scheduledAt: at } }];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: SdrState, event: SdrEvent): SdrState {
  switch (event.type) {
    case 'SdrRegistered': {
      const { sdrId, registeredAt: _at, ...profile } = event.data;
      return { status: 'registered', sdrId, profile, timeOff: [] };
    }
    case 'SdrUpdated':
      return state.status === 'registered' ? { ...state, profile: { ...state.profile, ...event.data.changes } } : state;
    case 'SdrTimeOffScheduled': {
      if (state.status !== 'registered') return state;
      const { from, to, reason } = event.data;
      return { ...state, timeOff: [...state.timeOff, { from, to, reason }] };
    }
    default:
      return state;
  }
}

export const sdrDecider: Decider<SdrState, SdrCommand, SdrEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
