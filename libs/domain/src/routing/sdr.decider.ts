import type { Decider } from '../decider';
import type { SdrEvent, SdrProfile } from '../lead/lead.events';
import { RoutingError } from './routing.errors';
import { isValidTimeZone, parseClockTime } from './time-zone';

export const DEFAULT_WEEKLY_CAPACITY = 160;

export interface TimeOff {
  readonly from: string;
  readonly to: string;
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
  const problems: string[] = [];
  if (!isValidTimeZone(profile.timeZone)) problems.push(`unknown time zone ${profile.timeZone}`);
  const { days, start, end } = profile.workingHours;
  const from = parseClockTime(start);
  const to = parseClockTime(end);
  if (from === null || to === null || from >= to) problems.push('working hours need HH:MM start before end');
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    problems.push('working days are 1 (Monday) to 7 (Sunday)');
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
      if (!(new Date(from).getTime() < new Date(to).getTime())) throw new RoutingError('invalid-sdr', 'time off must end after it starts');
      return [{ type: 'SdrTimeOffScheduled', data: { sdrId: state.sdrId, from, to, reason, scheduledAt: at } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
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
