import { rosterAe, slotAt } from '../appointments/appointments.fixtures';
import type { AppointmentBooked } from '../appointments/appointments.events';
import { backtestBooking } from './booking-backtest';
import type { LabEvent, LabRecord } from './lab-record';

const ae = (aeId: string): LabEvent => ({
  type: 'AeRegistered',
  data: { aeId, profile: rosterAe(aeId).profile, at: '2026-03-01T00:00:00.000Z' },
});

function booked(appointmentId: string, aeId: string, acceptable: string[], withRequest = true): LabEvent {
  const slot = slotAt(acceptable[0]);
  const data: AppointmentBooked['data'] = {
    appointmentId,
    leadId: `lead-${appointmentId}`,
    aeId,
    salesEngineerId: null,
    ...slot,
    mode: 'strict',
    equalityTraded: false,
    creditMonth: '2026-03',
    pool: [],
    seed: 7,
    policyVersion: 1,
    at: '2026-03-01T10:00:00.000Z',
    ...(withRequest ? { request: { acceptable: acceptable.map((t) => slotAt(t)), segment: 'smb', roles: ['demo-guru'] } } : {}),
  };
  return { type: 'AppointmentBooked', data };
}

const records = (events: LabEvent[]): LabRecord[] => events.map((event, i) => ({ id: `e${i}`, event }));

describe('backtestBooking: strict vs flexible on the recorded requests', () => {
  // Two demo gurus of equal availability. A2's prospect does not show up: its AE loses the credit but
  // not the time. A3's prospect prefers 14:00, when only the other guru (one appointment ahead) is free.
  const history = records([
    ae('ann'),
    ae('bob'),
    booked('A1', 'ann', ['13:00']),
    booked('A2', 'bob', ['14:00']),
    { type: 'AppointmentNoShow', data: { appointmentId: 'A2', leadId: 'lead-A2', aeId: 'bob', at: '2026-03-02T14:30:00.000Z' } },
    booked('A3', 'ann', ['14:00', '15:00']),
  ]);
  const report = backtestBooking(history);
  const [strict, flexible] = report.modes;

  it('strict mode keeps equal peers within one of each other, taking the prospect’s later choice', () => {
    expect(strict).toMatchObject({ mode: 'strict', requests: 3, served: 3, refused: 0, traded: 0, spread: 0, worstPeerGroupSpread: 0 });
    expect(Object.values(strict.perAe).sort()).toEqual([1, 1]);
  });

  it('flexible mode gives the first choice and counts the bookings that traded equality for it', () => {
    expect(flexible).toMatchObject({ mode: 'flexible', served: 3, traded: 1, spread: 2, worstPeerGroupSpread: 2 });
    expect(Object.values(flexible.perAe)).toEqual([2]);
    expect(flexible.jain).toBe(0.5);
  });

  it('reports the recorded per-AE counts beside the replayed ones', () => {
    expect(report.recorded).toEqual({ perAe: { ann: 2 }, spread: 2, jain: 0.5 });
  });

  it('a booking recorded before requests were recorded is replayed with its booked time as the only choice, and counted', () => {
    const old = backtestBooking(records([ae('ann'), ae('bob'), booked('A1', 'ann', ['13:00'], false)]), () => 'smb');
    expect(old).toMatchObject({ requests: 1, withoutRecordedRequest: 1 });
    expect(old.modes.map((m) => m.served)).toEqual([1, 1]);
  });

  it('fairness counts only the AEs of the booked roles: a hunter takes no first appointments and does not widen the spread', () => {
    const hunter: LabEvent = {
      type: 'AeRegistered',
      data: { aeId: 'hugo', profile: rosterAe('hugo', { role: 'hunter' }).profile, at: '2026-03-01T00:00:00.000Z' },
    };
    const withHunter = backtestBooking([...history.slice(0, 2), { id: 'h', event: hunter }, ...history.slice(2)]);
    expect(withHunter.modes.map((m) => m.spread)).toEqual(report.modes.map((m) => m.spread));
    expect(withHunter.recorded).toEqual(report.recorded);
  });

  it('a cancellation frees the time and returns the credit in each mode’s own world', () => {
    const cancelled = backtestBooking(
      records([
        ae('ann'),
        booked('A1', 'ann', ['13:00']),
        {
          type: 'AppointmentCancelled',
          data: { appointmentId: 'A1', leadId: 'lead-A1', aeId: 'ann', reason: 'moved', at: '2026-03-01T12:00:00.000Z' },
        },
        booked('A2', 'ann', ['13:00']),
      ]),
    );
    expect(cancelled.modes.map((m) => [m.served, m.perAe['ann']])).toEqual([
      [2, 1],
      [2, 1],
    ]);
  });
});
