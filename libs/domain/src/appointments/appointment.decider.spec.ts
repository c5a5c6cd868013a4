import { creditHolder, monthToDateCredits } from './appointment-credits';
import { appointmentDecider, foldAppointment, reminderLabel, type AppointmentCommand } from './appointment.decider';
import { AppointmentsError } from './appointments.errors';
import type { AppointmentEvent } from './appointments.events';

const AT = '2026-03-02T09:00:00.000Z';
const book: AppointmentCommand = {
  type: 'BookAppointment',
  data: {
    appointmentId: 'ap1',
    leadId: 'l1',
    aeId: 'ada',
    salesEngineerId: null,
    start: '2026-03-03T09:00:00.000Z',
    end: '2026-03-03T09:30:00.000Z',
    mode: 'strict',
    equalityTraded: false,
    pool: [{ aeId: 'ada', monthToDate: 0, freeSlots: 1 }],
    seed: 7,
    policyVersion: 1,
    at: AT,
  },
};
const run = (commands: AppointmentCommand[]): AppointmentEvent[] =>
  commands.reduce<AppointmentEvent[]>((events, command) => [...events, ...appointmentDecider.decide(command, foldAppointment(events))], []);

describe('appointment decider and credits', () => {
  it('a booking credits the AE in the month it was booked', () => {
    const events = run([book]);
    expect(events[0]).toMatchObject({ type: 'AppointmentBooked', data: { creditMonth: '2026-03', seed: 7, pool: [{ aeId: 'ada' }] } });
    expect(creditHolder(foldAppointment(events))).toEqual({ aeId: 'ada', month: '2026-03' });
  });

  it('a cancellation or a no-show returns the credit', () => {
    const cancelled = foldAppointment(run([book, { type: 'CancelAppointment', data: { reason: 'prospect asked', at: AT } }]));
    const noShow = foldAppointment(run([book, { type: 'RecordNoShow', data: { at: AT } }]));
    expect(creditHolder(cancelled)).toBeNull();
    expect(creditHolder(noShow)).toBeNull();
    expect(monthToDateCredits([cancelled, noShow], '2026-03')).toEqual({});
  });

  it('a reschedule keeps the credit with the same AE; a move to another AE moves it', () => {
    const same = run([
      book,
      { type: 'RescheduleAppointment', data: { aeId: 'ada', start: '2026-03-04T09:00:00Z', end: '2026-03-04T09:30:00Z', at: AT } },
    ]);
    expect(same[1]).toMatchObject({ type: 'AppointmentRescheduled', data: { aeId: 'ada', fromAeId: 'ada' } });
    expect(creditHolder(foldAppointment(same))).toEqual({ aeId: 'ada', month: '2026-03' });
    const moved = foldAppointment(
      run([
        book,
        {
          type: 'RescheduleAppointment',
          data: { aeId: 'bob', start: '2026-03-04T09:00:00Z', end: '2026-03-04T09:30:00Z', at: '2026-04-01T00:00:00Z' },
        },
      ]),
    );
    expect(creditHolder(moved)).toEqual({ aeId: 'bob', month: '2026-03' });
    expect(monthToDateCredits([moved], '2026-03')).toEqual({ bob: 1 });
  });

  it('held keeps the credit; the outcome needs a held appointment and drops the hunter when not moved forward', () => {
    expect(() => run([book, { type: 'RecordDemoOutcome', data: { movedForward: true, hunterId: 'h', note: null, at: AT } }])).toThrow(
      expect.objectContaining({ code: 'appointment-closed' }) as AppointmentsError,
    );
    const events = run([
      book,
      { type: 'RecordHeld', data: { at: AT } },
      { type: 'RecordDemoOutcome', data: { movedForward: false, hunterId: 'h', note: 'no budget', at: AT } },
    ]);
    expect(events[2]).toMatchObject({ type: 'DemoOutcomeRecorded', data: { movedForward: false, hunterId: null } });
    expect(creditHolder(foldAppointment(events))).toEqual({ aeId: 'ada', month: '2026-03' });
  });

  it('nothing can happen to an appointment that was never booked or is closed', () => {
    expect(() => run([{ type: 'CancelAppointment', data: { reason: 'x', at: AT } }])).toThrow(
      expect.objectContaining({ code: 'appointment-not-found' }) as AppointmentsError,
    );
    expect(() =>
      run([book, { type: 'CancelAppointment', data: { reason: 'x', at: AT } }, { type: 'RecordHeld', data: { at: AT } }]),
    ).toThrow(expect.objectContaining({ code: 'appointment-closed' }) as AppointmentsError);
    expect(() => run([book, book])).toThrow(expect.objectContaining({ code: 'appointment-closed' }) as AppointmentsError);
  });

  it('labels reminders as ISO durations', () => {
    expect([reminderLabel(1440), reminderLabel(60), reminderLabel(90)]).toEqual(['PT24H', 'PT1H', 'PT90M']);
  });
});
