import type { AppointmentStatus } from './appointment.decider';

/** One of a lead's appointments as the calendar read model knows it. */
export interface LeadAppointment {
  readonly appointmentId: string;
  readonly status: AppointmentStatus;
  /** When it was booked; null for an offer never taken up. */
  readonly bookedAt: string | null;
}

/** What a new first appointment of a lead is decided on: its latest qualification and its appointments. */
export interface LeadStanding {
  /** The latest `LeadQualified` (a recycled lead reopened and qualified again has a later one); null if never. */
  readonly qualifiedAt: string | null;
  readonly appointments: readonly LeadAppointment[];
}

/**
 * The appointment that bars a new first appointment for the lead, if any. A lead has one first
 * appointment per qualification cycle: a booked one is live whenever it was made (reschedule it
 * instead); a held or completed one is live only when it was booked in the current cycle (at or
 * after the latest qualification), so a lead lost, recycled, reopened and qualified again can be
 * booked again. Cancelled, no-show and offered appointments never bar a booking.
 */
export function liveAppointmentOf(lead: LeadStanding, except: string | null = null): LeadAppointment | null {
  const live = lead.appointments.filter((a) => {
    if (a.appointmentId === except) return false;
    if (a.status === 'booked') return true;
    if (a.status !== 'held' && a.status !== 'completed') return false;
    return lead.qualifiedAt === null || a.bookedAt === null || Date.parse(a.bookedAt) >= Date.parse(lead.qualifiedAt);
  });
  return [...live].sort((a, b) => (b.bookedAt ?? '').localeCompare(a.bookedAt ?? ''))[0] ?? null;
}
