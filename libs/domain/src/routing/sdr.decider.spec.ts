import { foldEvents } from '../shared/decider';
import { DeciderSpecification } from '../testing/decider-specification';
import { RoutingError, type RoutingErrorCode } from './routing.errors';
import type { SdrEvent, SdrProfile } from './routing.events';
import { profile } from './routing.fixtures';
import { sdrDecider, type SdrCommand } from './sdr.decider';

const AT = '2026-03-02T09:00:00.000Z';
const given = DeciderSpecification.for(sdrDecider);
const registered: SdrEvent = { type: 'SdrRegistered', data: { ...profile(), sdrId: 'ada', registeredAt: AT } };
const { weeklyCapacity: _c, active: _a, ...newProfile } = profile();

describe('SDR roster decider', () => {
  it('registers an SDR with the default weekly capacity of 160 and active', () => {
    given([])
      .when({ type: 'RegisterSdr', data: { sdrId: 'ada', profile: newProfile, at: AT } })
      .then([registered]);
  });

  it.each<[string, SdrEvent[], SdrCommand, RoutingErrorCode]>([
    [
      'registering twice',
      [registered],
      { type: 'RegisterSdr', data: { sdrId: 'ada', profile: newProfile, at: AT } },
      'sdr-already-registered',
    ],
    ['updating an unknown SDR', [], { type: 'UpdateSdr', data: { sdrId: 'x', changes: {}, at: AT } }, 'sdr-not-found'],
    [
      'time off for an unknown SDR',
      [],
      { type: 'ScheduleTimeOff', data: { sdrId: 'x', from: AT, to: AT, reason: null, at: AT } },
      'sdr-not-found',
    ],
    [
      'an unknown time zone',
      [],
      { type: 'RegisterSdr', data: { sdrId: 'a', profile: { ...newProfile, timeZone: 'Mars/Olympus' }, at: AT } },
      'invalid-sdr',
    ],
    [
      'working hours ending before they start',
      [],
      {
        type: 'RegisterSdr',
        data: { sdrId: 'a', profile: { ...newProfile, workingHours: { days: [1], start: '18:00', end: '09:00' } }, at: AT },
      },
      'invalid-sdr',
    ],
    [
      'a working day 8',
      [registered],
      { type: 'UpdateSdr', data: { sdrId: 'ada', changes: { workingHours: { days: [8], start: '09:00', end: '17:00' } }, at: AT } },
      'invalid-sdr',
    ],
    ['zero capacity', [registered], { type: 'UpdateSdr', data: { sdrId: 'ada', changes: { weeklyCapacity: 0 }, at: AT } }, 'invalid-sdr'],
    ['no territory', [registered], { type: 'UpdateSdr', data: { sdrId: 'ada', changes: { territories: [] }, at: AT } }, 'invalid-sdr'],
    [
      'time off ending before it starts',
      [registered],
      { type: 'ScheduleTimeOff', data: { sdrId: 'ada', from: '2026-03-05T00:00:00Z', to: '2026-03-04T00:00:00Z', reason: null, at: AT } },
      'invalid-sdr',
    ],
  ])('rejects %s', (_rule, history, command, code) => {
    given(history).when(command).thenThrows(RoutingError, code);
  });

  it('an update changes only the given fields', () => {
    const changes: Partial<SdrProfile> = { weeklyCapacity: 100, territories: ['dach', 'nordics'] };
    const updated: SdrEvent = { type: 'SdrUpdated', data: { sdrId: 'ada', changes, updatedAt: AT } };
    given([registered])
      .when({ type: 'UpdateSdr', data: { sdrId: 'ada', changes, at: AT } })
      .then([updated]);
    expect(foldEvents(sdrDecider, [registered, updated])).toMatchObject({ status: 'registered', profile: { ...profile(), ...changes } });
  });

  it('time off accumulates on the SDR', () => {
    const off = { sdrId: 'ada', from: '2026-03-04T00:00:00Z', to: '2026-03-06T00:00:00Z', reason: 'vacation' };
    const scheduled: SdrEvent = { type: 'SdrTimeOffScheduled', data: { ...off, scheduledAt: AT } };
    given([registered])
      .when({ type: 'ScheduleTimeOff', data: { ...off, at: AT } })
      .then([scheduled]);
    expect(foldEvents(sdrDecider, [registered, scheduled])).toMatchObject({
      timeOff: [{ from: off.from, to: off.to, reason: 'vacation' }],
    });
  });
});
