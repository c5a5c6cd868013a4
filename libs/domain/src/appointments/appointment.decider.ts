import { foldEvents, unknownCommand, type Decider } from '../shared/decider';
import { creditMonthOf } from './appointment-credits';
import { AppointmentsError } from './appointments.errors';
import type { AppointmentBooked, AppointmentEvent, FairnessOverride, SlotsOffered } from './appointments.events';
import { liveAppointmentOf, type LeadStanding } from './lead-cycle';
import type { OfferedSlot } from './slot-search';

export type AppointmentStatus = 'none' | 'offered' | 'booked' | 'held' | 'cancelled' | 'no-show' | 'completed';

export interface AppointmentState {
  readonly status: AppointmentStatus;
  readonly appointmentId: string | null;
  readonly leadId: string | null;
  readonly aeId: string | null;
  readonly salesEngineerId: string | null;
  readonly start: string | null;
  readonly end: string | null;
  /** Month of the first-appointment credit; the credit is live while `credited`. */
  readonly creditMonth: string | null;
  readonly credited: boolean;
  readonly offered: readonly OfferedSlot[];
}

export type AppointmentCommand =
  | { type: 'OfferSlots'; data: SlotsOffered['data']; lead: LeadStanding }
  | { type: 'BookAppointment'; data: Omit<AppointmentBooked['data'], 'creditMonth'>; lead: LeadStanding }
  | {
      type: 'RescheduleAppointment';
      data: { aeId: string; start: string; end: string; salesEngineerId?: string | null; override?: FairnessOverride | null; at: string };
    }
  | { type: 'CancelAppointment'; data: { reason: string; at: string } }
  | { type: 'RecordNoShow'; data: { at: string } }
  | { type: 'RecordHeld'; data: { at: string } }
  | { type: 'RecordDemoOutcome'; data: { movedForward: boolean; hunterId: string | null; note: string | null; at: string } };

const initialState = (): AppointmentState => ({
  status: 'none',
  appointmentId: null,
  leadId: null,
  aeId: null,
  salesEngineerId: null,
  start: null,
  end: null,
  creditMonth: null,
  credited: false,
  offered: [],
});

function requireStatus(state: AppointmentState, allowed: readonly AppointmentStatus[], action: string): void {
  if (state.status === 'none' || state.status === 'offered') {
    if (!allowed.includes(state.status)) throw new AppointmentsError('appointment-not-found', `no booked appointment to ${action}`);
    return;
  }
  if (!allowed.includes(state.status))
    throw new AppointmentsError('appointment-closed', `cannot ${action} an appointment that is ${state.status}`);
}

/** Only a qualified lead without a live appointment of its current qualification cycle may be offered slots or booked. */
export function requireBookable(lead: LeadStanding, leadId: string, appointmentId: string | null): void {
  if (lead.qualifiedAt === null) throw new AppointmentsError('lead-not-qualified', `lead ${leadId} has not been qualified`);
  const live = liveAppointmentOf(lead, appointmentId);
  if (live)
    throw new AppointmentsError(
      'lead-already-booked',
      `lead ${leadId} already has appointment ${live.appointmentId} (${live.status}) since its latest qualification; reschedule it`,
    );
}

function booked(state: AppointmentState): { appointmentId: string; leadId: string; aeId: string } {
  return { appointmentId: state.appointmentId ?? '', leadId: state.leadId ?? '', aeId: state.aeId ?? '' };
}

function decide(command: AppointmentCommand, state: AppointmentState): AppointmentEvent[] {
  switch (command.type) {
    case 'OfferSlots': {
      requireStatus(state, ['none', 'offered'], 'offer slots for');
      if (state.leadId !== null && state.leadId !== command.data.leadId)
        throw new AppointmentsError('invalid-request', 'the offer belongs to another lead');
      requireBookable(command.lead, command.data.leadId, command.data.appointmentId);
      return [{ type: 'SlotsOffered', data: { ...command.data, slots: [...command.data.slots] } }];
    }
    case 'BookAppointment': {
      requireStatus(state, ['none', 'offered'], 'book');
      const d = command.data;
      if (state.leadId !== null && state.leadId !== d.leadId)
        throw new AppointmentsError('invalid-request', 'the offer belongs to another lead');
      requireBookable(command.lead, d.leadId, d.appointmentId);
      if (!(Date.parse(d.start) < Date.parse(d.end))) throw new AppointmentsError('invalid-request', 'an appointment ends after it starts');
      return [{ type: 'AppointmentBooked', data: { ...d, pool: [...d.pool], creditMonth: creditMonthOf(d.at) } }];
    }
    case 'RescheduleAppointment': {
      requireStatus(state, ['booked'], 'reschedule');
      const { aeId, start, end, salesEngineerId, override, at } = command.data;
      if (!(Date.parse(start) < Date.parse(end))) throw new AppointmentsError('invalid-request', 'an appointment ends after it starts');
      if (override && aeId === state.aeId) throw new AppointmentsError('invalid-request', 'an override is for a move to another AE');
      const se = salesEngineerId === undefined ? {} : { salesEngineerId };
      const exception = override ? { override: { rule: override.rule, reason: override.reason } } : {};
      return [
        {
          type: 'AppointmentRescheduled',
          data: { ...booked(state), aeId, fromAeId: state.aeId ?? '', start, end, ...se, ...exception, at },
        },
      ];
    }
    case 'CancelAppointment':
      requireStatus(state, ['booked'], 'cancel');
      return [{ type: 'AppointmentCancelled', data: { ...booked(state), reason: command.data.reason, at: command.data.at } }];
    case 'RecordNoShow':
      requireStatus(state, ['booked'], 'record a no-show for');
      return [{ type: 'AppointmentNoShow', data: { ...booked(state), at: command.data.at } }];
    case 'RecordHeld':
      requireStatus(state, ['booked'], 'hold');
      return [{ type: 'AppointmentHeld', data: { ...booked(state), at: command.data.at } }];
    case 'RecordDemoOutcome':
      requireStatus(state, ['held'], 'record the outcome of');
      return [
        {
          type: 'DemoOutcomeRecorded',
          data: { ...booked(state), ...command.data, hunterId: command.data.movedForward ? command.data.hunterId : null },
        },
      ];
    default:
      return unknownCommand(command);
  }
}

function evolve(state: AppointmentState, event: AppointmentEvent): AppointmentState {
  switch (event.type) {
    case 'SlotsOffered':
      return { ...state, status: 'offered', appointmentId: event.data.appointmentId, leadId: event.data.leadId, offered: event.data.slots };
    case 'AppointmentBooked': {
      const d = event.data;
      return {
        ...state,
        status: 'booked',
        appointmentId: d.appointmentId,
        leadId: d.leadId,
        aeId: d.aeId,
        salesEngineerId: d.salesEngineerId,
        start: d.start,
        end: d.end,
        creditMonth: d.creditMonth,
        credited: true,
      };
    }
    case 'AppointmentRescheduled':
      // The credit stays with the appointment: same AE keeps it, another AE takes it over.
      return {
        ...state,
        aeId: event.data.aeId,
        start: event.data.start,
        end: event.data.end,
        salesEngineerId: event.data.salesEngineerId === undefined ? state.salesEngineerId : event.data.salesEngineerId,
      };
    case 'AppointmentCancelled':
      return { ...state, status: 'cancelled', credited: false };
    case 'AppointmentNoShow':
      return { ...state, status: 'no-show', credited: false };
    case 'AppointmentHeld':
      return { ...state, status: 'held' };
    case 'DemoOutcomeRecorded':
      return { ...state, status: 'completed' };
    case 'AppointmentReminderDue':
    default:
      return state;
  }
}

/** One prospect's first appointment on `appointment-<appointmentId>`. */
export const appointmentDecider: Decider<AppointmentState, AppointmentCommand, AppointmentEvent> = { decide, evolve, initialState };

export function foldAppointment(events: readonly AppointmentEvent[]): AppointmentState {
  return foldEvents(appointmentDecider, events);
}

/** `PT24H` / `PT90M`: how long before the start a reminder is due. */
export function reminderLabel(minutesBefore: number): string {
  return minutesBefore % 60 === 0 ? `PT${minutesBefore / 60}H` : `PT${minutesBefore}M`;
}
