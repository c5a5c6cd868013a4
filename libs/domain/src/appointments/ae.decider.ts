import { unknownCommand, type Decider } from '../shared/decider';
import { scheduleProblems, timeOffProblem, type TimeOffPeriod } from '../shared/working-time';
import { AppointmentsError } from './appointments.errors';
import type { AeEvent, AeProfile, AeRole, AeTimeOffScheduled, AeUpdated } from './appointments.events';

export const AE_ROLES: readonly AeRole[] = ['demo-guru', 'hunter', 'sales-engineer'];

/** Defaults filled in at registration; the service takes them from configuration. */
export interface RosterDefaults {
  readonly dailyCap: Readonly<Record<AeRole, number>>;
  readonly hunterOpenDealsCap: number;
}

export const DEFAULT_ROSTER: RosterDefaults = {
  dailyCap: { 'demo-guru': 5, hunter: 2, 'sales-engineer': 5 },
  hunterOpenDealsCap: 150,
};

export type AeTimeOff = TimeOffPeriod;

export type AeState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'registered'; readonly aeId: string; readonly profile: AeProfile; readonly timeOff: readonly AeTimeOff[] };

export type NewAeProfile = Omit<AeProfile, 'dailyCap' | 'openDealsCap' | 'active' | 'industries'> & {
  dailyCap?: number;
  openDealsCap?: number | null;
  active?: boolean;
  industries?: readonly string[];
};

export type AeCommand =
  | { type: 'RegisterAe'; data: { aeId: string; profile: NewAeProfile; defaults: RosterDefaults; at: string } }
  | { type: 'UpdateAe'; data: AeUpdated['data'] }
  | { type: 'ScheduleAeTimeOff'; data: AeTimeOffScheduled['data'] };

/** The rules a roster entry must satisfy; an empty list means valid. */
export function aeProfileProblems(profile: AeProfile): string[] {
  const problems = AE_ROLES.includes(profile.role) ? [] : [`role must be one of ${AE_ROLES.join(', ')}`];
  problems.push(...scheduleProblems(profile.timeZone, profile.workingHours));
  if (!Number.isInteger(profile.dailyCap) || profile.dailyCap < 1) problems.push('daily cap must be a positive integer');
  if (profile.role === 'hunter' && !(Number.isInteger(profile.openDealsCap) && (profile.openDealsCap ?? 0) >= 1)) {
    problems.push('a hunter needs a positive open-deals cap');
  }
  if (profile.segments.length === 0) problems.push('at least one segment (or *)');
  return problems;
}

function assertValid(profile: AeProfile): void {
  const problems = aeProfileProblems(profile);
  if (problems.length > 0) throw new AppointmentsError('invalid-ae', problems.join('; '));
}

function decide(command: AeCommand, state: AeState): AeEvent[] {
  switch (command.type) {
    case 'RegisterAe': {
      if (state.status === 'registered') throw new AppointmentsError('ae-already-registered', `AE ${command.data.aeId} exists`);
      const { profile: p, aeId, defaults, at } = command.data;
      const role = p.role;
      const profile: AeProfile = {
        ...p,
        industries: p.industries ?? ['*'],
        dailyCap: p.dailyCap ?? defaults.dailyCap[role] ?? 1,
        openDealsCap: role === 'hunter' ? (p.openDealsCap ?? defaults.hunterOpenDealsCap) : null,
        active: p.active ?? true,
      };
      assertValid(profile);
      return [{ type: 'AeRegistered', data: { aeId, profile, at } }];
    }
    case 'UpdateAe': {
      if (state.status !== 'registered') throw new AppointmentsError('ae-not-found', `AE ${command.data.aeId} is not registered`);
      assertValid({ ...state.profile, ...command.data.changes });
      return [{ type: 'AeUpdated', data: { aeId: state.aeId, changes: command.data.changes, at: command.data.at } }];
    }
    case 'ScheduleAeTimeOff': {
      if (state.status !== 'registered') throw new AppointmentsError('ae-not-found', `AE ${command.data.aeId} is not registered`);
      const { from, to, at } = command.data;
      const problem = timeOffProblem({ from, to });
      if (problem) throw new AppointmentsError('invalid-ae', problem);
      return [{ type: 'AeTimeOffScheduled', data: { aeId: state.aeId, from, to, at } }];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: AeState, event: AeEvent): AeState {
  switch (event.type) {
    case 'AeRegistered':
      return { status: 'registered', aeId: event.data.aeId, profile: event.data.profile, timeOff: [] };
    case 'AeUpdated':
      return state.status === 'registered' ? { ...state, profile: { ...state.profile, ...event.data.changes } } : state;
    case 'AeTimeOffScheduled':
      return state.status === 'registered'
        ? { ...state, timeOff: [...state.timeOff, { from: event.data.from, to: event.data.to }] }
        : state;
    default:
      return state;
  }
}

/** The roster entry of one AE or SE on `ae-<aeId>`. */
export const aeDecider: Decider<AeState, AeCommand, AeEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
