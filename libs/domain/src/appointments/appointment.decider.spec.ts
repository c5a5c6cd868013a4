import { DeciderSpecification } from '../testing/decider-specification';
import {
  CALENDAR_STATUSES,
  CREDIT_RETURNING_STATUSES,
  creditHolder,
  monthToDateCredits,
  salesEngineerCredited,
} from './appointment-credits';
import { appointmentDecider, foldAppointment, reminderLabel, type AppointmentCommand } from './appointment.decider';
import { AppointmentsError } from './appointments.errors';
import type { AppointmentEvent } from './appointments.events';
import { liveAppointmentOf, type LeadAppointment } from './lead-cycle';

const AT = '2026-03-02T09:00:00.000Z';
const given = DeciderSpecification.for(appointmentDecider);
const book = {
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
  lead: { qualifiedAt: '2026-03-01T09:00:00.000Z', appointments: [] },
} satisfies AppointmentCommand;
const booked: AppointmentEvent = { type: 'AppointmentBooked', data: { ...book.data, creditMonth: '2026-03' } };
const offer = {
  type: 'OfferSlots',
  data: { appointmentId: 'ap1', leadId: 'l1', slots: [], at: AT },
  lead: book.lead,
} satisfies AppointmentCommand;
const appointment = { appointmentId: 'ap1', leadId: 'l1', aeId: 'ada' };
const cancelled: AppointmentEvent = { type: 'AppointmentCancelled', data: { ...appointment, reason: 'prospect asked', at: AT } };
const held: AppointmentEvent = { type: 'AppointmentHeld', data: { ...appointment, at: AT } };

describe('appointment decider and credits', () => {
  it('a booking credits the AE in the month it was booked', () => {
    given([]).when(book).then([booked]);
    expect(creditHolder(foldAppointment([booked]))).toEqual({ aeId: 'ada', month: '2026-03' });
  });

  it('a cancellation or a no-show returns the credit', () => {
    const noShow: AppointmentEvent = { type: 'AppointmentNoShow', data: { ...appointment, at: AT } };
    given([booked])
      .when({ type: 'CancelAppointment', data: { reason: 'prospect asked', at: AT } })
      .then([cancelled]);
    given([booked])
      .when({ type: 'RecordNoShow', data: { at: AT } })
      .then([noShow]);
    const states = [foldAppointment([booked, cancelled]), foldAppointment([booked, noShow])];
    expect(states.map(creditHolder)).toEqual([null, null]);
    expect(monthToDateCredits(states, '2026-03')).toEqual({});
  });

  it('a reschedule keeps the credit with the same AE; a move to another AE moves it', () => {
    const to = { start: '2026-03-04T09:00:00Z', end: '2026-03-04T09:30:00Z' };
    const same: AppointmentEvent = { type: 'AppointmentRescheduled', data: { ...appointment, fromAeId: 'ada', ...to, at: AT } };
    given([booked])
      .when({ type: 'RescheduleAppointment', data: { aeId: 'ada', ...to, at: AT } })
      .then([same]);
    expect(creditHolder(foldAppointment([booked, same]))).toEqual({ aeId: 'ada', month: '2026-03' });
    const later = '2026-04-01T00:00:00Z';
    const moved: AppointmentEvent = {
      type: 'AppointmentRescheduled',
      data: { ...appointment, aeId: 'bob', fromAeId: 'ada', ...to, at: later },
    };
    given([booked])
      .when({ type: 'RescheduleAppointment', data: { aeId: 'bob', ...to, at: later } })
      .then([moved]);
    const state = foldAppointment([booked, moved]);
    expect(creditHolder(state)).toEqual({ aeId: 'bob', month: '2026-03' });
    expect(monthToDateCredits([state], '2026-03')).toEqual({ bob: 1 });
  });

  it('a move that breaks strict equality by an allowed exception records the override on the event', () => {
    const to = { start: '2026-03-04T09:00:00Z', end: '2026-03-04T09:30:00Z' };
    const override = { rule: 'strict-equality' as const, reason: 'prospect asked for bob' };
    given([booked])
      .when({ type: 'RescheduleAppointment', data: { aeId: 'bob', ...to, override, at: AT } })
      .then([{ type: 'AppointmentRescheduled', data: { ...appointment, aeId: 'bob', fromAeId: 'ada', ...to, override, at: AT } }]);
    given([booked])
      .when({ type: 'RescheduleAppointment', data: { aeId: 'ada', ...to, override, at: AT } })
      .thenThrows(AppointmentsError, 'invalid-request');
  });

  it('held keeps the credit; the outcome needs a held appointment and drops the hunter when not moved forward', () => {
    given([booked])
      .when({ type: 'RecordDemoOutcome', data: { movedForward: true, hunterId: 'h', note: null, at: AT } })
      .thenThrows(AppointmentsError, 'appointment-closed');
    given([booked])
      .when({ type: 'RecordHeld', data: { at: AT } })
      .then([held]);
    const outcome: AppointmentEvent = {
      type: 'DemoOutcomeRecorded',
      data: { ...appointment, movedForward: false, hunterId: null, note: 'no budget', at: AT },
    };
    given([booked, held])
      .when({ type: 'RecordDemoOutcome', data: { movedForward: false, hunterId: 'h', note: 'no budget', at: AT } })
      .then([outcome]);
    expect(creditHolder(foldAppointment([booked, held, outcome]))).toEqual({ aeId: 'ada', month: '2026-03' });
  });

  it('nothing can happen to an appointment that was never booked or is closed', () => {
    given([])
      .when({ type: 'CancelAppointment', data: { reason: 'x', at: AT } })
      .thenThrows(AppointmentsError, 'appointment-not-found');
    given([booked, cancelled])
      .when({ type: 'RecordHeld', data: { at: AT } })
      .thenThrows(AppointmentsError, 'appointment-closed');
    given([booked]).when(book).thenThrows(AppointmentsError, 'appointment-closed');
  });

  describe('one first appointment per qualification cycle', () => {
    const firstCycle = (status: LeadAppointment['status']): LeadAppointment => ({
      appointmentId: 'ap0',
      status,
      bookedAt: '2026-01-10T09:00:00.000Z',
    });
    const requalified = '2026-02-20T09:00:00.000Z';

    it('a lead lost, recycled, reopened and qualified again is booked again: a held or completed appointment of an earlier cycle is not live', () => {
      for (const status of ['held', 'completed', 'cancelled', 'no-show'] as const) {
        const lead = { qualifiedAt: requalified, appointments: [firstCycle(status)] };
        given([])
          .when({ ...book, lead })
          .then([booked]);
        given([])
          .when({ ...offer, lead })
          .then([{ type: 'SlotsOffered', data: offer.data }]);
      }
    });

    it('a held or completed appointment of the current cycle bars a second one, and a booked one always does', () => {
      const sameCycle = { qualifiedAt: '2026-01-05T09:00:00.000Z' };
      for (const status of ['held', 'completed'] as const) {
        given([])
          .when({ ...book, lead: { ...sameCycle, appointments: [firstCycle(status)] } })
          .thenThrows(AppointmentsError, 'lead-already-booked');
      }
      given([])
        .when({ ...offer, lead: { qualifiedAt: requalified, appointments: [firstCycle('booked')] } })
        .thenThrows(AppointmentsError, 'lead-already-booked');
      expect(liveAppointmentOf({ qualifiedAt: requalified, appointments: [firstCycle('booked')] })?.appointmentId).toBe('ap0');
      expect(liveAppointmentOf({ qualifiedAt: requalified, appointments: [firstCycle('booked')] }, 'ap0')).toBeNull();
    });

    it('a lead routing never qualified is refused', () => {
      given([])
        .when({ ...book, lead: { qualifiedAt: null, appointments: [] } })
        .thenThrows(AppointmentsError, 'lead-not-qualified');
    });
  });

  it('the statuses the calendar SQL reads: what takes an AE’s time, what returns a credit (the AE’s and the SE’s alike)', () => {
    expect(CALENDAR_STATUSES).toEqual(['booked', 'held', 'no-show', 'completed']);
    expect(CREDIT_RETURNING_STATUSES).toEqual(['cancelled', 'no-show']);
    const statuses = ['none', 'offered', 'booked', 'held', 'cancelled', 'no-show', 'completed'] as const;
    expect(statuses.filter(salesEngineerCredited)).toEqual(['booked', 'held', 'completed']);
    // The decider returns the AE credit on exactly those statuses.
    expect([foldAppointment([booked, cancelled]).status, foldAppointment([booked, cancelled]).credited]).toEqual(['cancelled', false]);
    expect(foldAppointment([booked, held]).credited).toBe(true);
  });

  it('labels reminders as ISO durations', () => {
    expect([reminderLabel(1440), reminderLabel(60), reminderLabel(90)]).toEqual(['PT24H', 'PT1H', 'PT90M']);
  });
});
