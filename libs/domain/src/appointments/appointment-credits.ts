import type { AppointmentState, AppointmentStatus } from './appointment.decider';

/**
 * Statuses whose appointment takes its AE's and sales engineer's time in the calendar: booked and
 * held, and also a completed demo and a no-show (the slot was kept for the prospect who did not come).
 */
export const CALENDAR_STATUSES: readonly AppointmentStatus[] = ['booked', 'held', 'no-show', 'completed'];

/** Statuses that return the AE's first-appointment credit and the SE's attachment credit. */
export const CREDIT_RETURNING_STATUSES: readonly AppointmentStatus[] = ['cancelled', 'no-show'];

/**
 * The sales engineer's credit rule: an attachment counts in the appointment's credit month for the
 * SE attached now, unless the appointment was cancelled or missed (it never moves to the AE's rules:
 * an SE replaced at a reschedule stops counting, the new one counts).
 */
export function salesEngineerCredited(status: AppointmentStatus): boolean {
  return status !== 'none' && status !== 'offered' && !CREDIT_RETURNING_STATUSES.includes(status);
}

/** `YYYY-MM` of the UTC calendar month containing `instant`: the month a credit counts in. */
export function creditMonthOf(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 7);
}

/** Who holds this appointment's first-appointment credit, and in which month; null once returned. */
export function creditHolder(state: AppointmentState): { aeId: string; month: string } | null {
  return state.credited && state.aeId && state.creditMonth ? { aeId: state.aeId, month: state.creditMonth } : null;
}

/** Month-to-date first-appointment credits per AE, derived from appointment states. */
export function monthToDateCredits(states: Iterable<AppointmentState>, month: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const state of states) {
    const holder = creditHolder(state);
    if (holder && holder.month === month) counts[holder.aeId] = (counts[holder.aeId] ?? 0) + 1;
  }
  return counts;
}
