import { aeDecider, DEFAULT_ROSTER, type AeCommand, type NewAeProfile } from './ae.decider';
import { AppointmentsError } from './appointments.errors';
import type { AeEvent, AeProfile } from './appointments.events';

const AT = '2026-03-02T09:00:00.000Z';
const given = (events: AeEvent[]) => events.reduce(aeDecider.evolve, aeDecider.initialState());
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

describe('AE roster decider', () => {
  it('fills the configured defaults: demo guru 5 a day, hunter 2 new a day and 150 open deals, industries *', () => {
    const [guru] = aeDecider.decide(register('demo-guru'), given([]));
    expect(guru).toMatchObject({
      type: 'AeRegistered',
      data: { profile: { dailyCap: 5, openDealsCap: null, active: true, industries: ['*'] } },
    });
    const [hunter] = aeDecider.decide(register('hunter'), given([]));
    expect(hunter).toMatchObject({ data: { profile: { dailyCap: 2, openDealsCap: 150 } } });
    const custom = { ...DEFAULT_ROSTER, hunterOpenDealsCap: 120 };
    const [capped] = aeDecider.decide(
      { type: 'RegisterAe', data: { aeId: 'h', profile: newProfile('hunter'), defaults: custom, at: AT } },
      given([]),
    );
    expect(capped).toMatchObject({ data: { profile: { openDealsCap: 120 } } });
  });

  const registered = aeDecider.decide(register('demo-guru'), given([]));
  it.each<[string, AeEvent[], AeCommand, string]>([
    ['registering twice', registered, register('demo-guru'), 'ae-already-registered'],
    ['updating an unknown AE', [], { type: 'UpdateAe', data: { aeId: 'x', changes: {}, at: AT } }, 'ae-not-found'],
    [
      'an unknown time zone',
      registered,
      { type: 'UpdateAe', data: { aeId: 'ada', changes: { timeZone: 'Mars/Olympus' }, at: AT } },
      'invalid-ae',
    ],
    [
      'an unknown role',
      registered,
      { type: 'UpdateAe', data: { aeId: 'ada', changes: { role: 'closer' as AeProfile['role'] }, at: AT } },
      'invalid-ae',
    ],
    ['a zero daily cap', registered, { type: 'UpdateAe', data: { aeId: 'ada', changes: { dailyCap: 0 }, at: AT } }, 'invalid-ae'],
    ['no segment', registered, { type: 'UpdateAe', data: { aeId: 'ada', changes: { segments: [] }, at: AT } }, 'invalid-ae'],
    [
      'time off ending before it starts',
      registered,
      { type: 'ScheduleAeTimeOff', data: { aeId: 'ada', from: '2026-03-05T00:00:00Z', to: '2026-03-04T00:00:00Z', at: AT } },
      'invalid-ae',
    ],
  ])('rejects %s', (_rule, history, command, code) => {
    expect(() => aeDecider.decide(command, given(history))).toThrow(expect.objectContaining({ code }) as AppointmentsError);
  });

  it('updates change only the given fields and time off accumulates', () => {
    const updated = aeDecider.decide({ type: 'UpdateAe', data: { aeId: 'ada', changes: { dailyCap: 3 }, at: AT } }, given(registered));
    const off = aeDecider.decide(
      { type: 'ScheduleAeTimeOff', data: { aeId: 'ada', from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z', at: AT } },
      given(registered),
    );
    const state = given([...registered, ...updated, ...off]);
    expect(state).toMatchObject({
      status: 'registered',
      profile: { dailyCap: 3, segments: ['enterprise'] },
      timeOff: [{ from: '2026-03-04T00:00:00Z' }],
    });
  });
});
