import { foldEvents } from '../shared/decider';
import { DeciderSpecification } from '../testing/decider-specification';
import { aeDecider, DEFAULT_ROSTER, type AeCommand, type NewAeProfile } from './ae.decider';
import { AppointmentsError, type AppointmentsErrorCode } from './appointments.errors';
import type { AeEvent, AeProfile } from './appointments.events';

const AT = '2026-03-02T09:00:00.000Z';
const given = DeciderSpecification.for(aeDecider);
const newProfile = (role: AeProfile['role']): NewAeProfile => ({
  name: 'Ada',
  email: 'ada@sales.example',
  role,
  segments: ['enterprise'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
});
const register = (role: AeProfile['role'], aeId = 'ada'): AeCommand => ({
  type: 'RegisterAe',
  data: { aeId, profile: newProfile(role), defaults: DEFAULT_ROSTER, at: AT },
});
const registered = (role: AeProfile['role'], filled: Pick<AeProfile, 'dailyCap' | 'openDealsCap'>, aeId = 'ada'): AeEvent => ({
  type: 'AeRegistered',
  data: { aeId, profile: { ...newProfile(role), industries: ['*'], active: true, ...filled }, at: AT },
});

describe('AE roster decider', () => {
  it('fills the configured defaults: demo guru 5 a day, hunter 2 new a day and 150 open deals, industries *', () => {
    given([])
      .when(register('demo-guru'))
      .then([registered('demo-guru', { dailyCap: 5, openDealsCap: null })]);
    given([])
      .when(register('hunter'))
      .then([registered('hunter', { dailyCap: 2, openDealsCap: 150 })]);
    const custom = { ...DEFAULT_ROSTER, hunterOpenDealsCap: 120 };
    given([])
      .when({ type: 'RegisterAe', data: { aeId: 'h', profile: newProfile('hunter'), defaults: custom, at: AT } })
      .then([registered('hunter', { dailyCap: 2, openDealsCap: 120 }, 'h')]);
  });

  const history = [registered('demo-guru', { dailyCap: 5, openDealsCap: null })];
  it.each<[string, AeEvent[], AeCommand, AppointmentsErrorCode]>([
    ['registering twice', history, register('demo-guru'), 'ae-already-registered'],
    ['updating an unknown AE', [], { type: 'UpdateAe', data: { aeId: 'x', changes: {}, at: AT } }, 'ae-not-found'],
    [
      'an unknown time zone',
      history,
      { type: 'UpdateAe', data: { aeId: 'ada', changes: { timeZone: 'Mars/Olympus' }, at: AT } },
      'invalid-ae',
    ],
    [
      'an unknown role',
      history,
      { type: 'UpdateAe', data: { aeId: 'ada', changes: { role: 'closer' as AeProfile['role'] }, at: AT } },
      'invalid-ae',
    ],
    ['a zero daily cap', history, { type: 'UpdateAe', data: { aeId: 'ada', changes: { dailyCap: 0 }, at: AT } }, 'invalid-ae'],
    ['no segment', history, { type: 'UpdateAe', data: { aeId: 'ada', changes: { segments: [] }, at: AT } }, 'invalid-ae'],
    [
      'time off ending before it starts',
      history,
      { type: 'ScheduleAeTimeOff', data: { aeId: 'ada', from: '2026-03-05T00:00:00Z', to: '2026-03-04T00:00:00Z', at: AT } },
      'invalid-ae',
    ],
  ])('rejects %s', (_rule, events, command, code) => {
    given(events).when(command).thenThrows(AppointmentsError, code);
  });

  it('updates change only the given fields and time off accumulates', () => {
    const updated: AeEvent = { type: 'AeUpdated', data: { aeId: 'ada', changes: { dailyCap: 3 }, at: AT } };
    const off: AeEvent = {
      type: 'AeTimeOffScheduled',
      data: { aeId: 'ada', from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z', at: AT },
    };
    given(history).when({ type: 'UpdateAe', data: updated.data }).then([updated]);
    given(history).when({ type: 'ScheduleAeTimeOff', data: off.data }).then([off]);
    expect(foldEvents(aeDecider, [...history, updated, off])).toMatchObject({
      status: 'registered',
      profile: { dailyCap: 3, segments: ['enterprise'] },
      timeOff: [{ from: '2026-03-04T00:00:00Z' }],
    });
  });
});
