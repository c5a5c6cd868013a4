import type { AppointmentState } from './appointment.decider';

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
