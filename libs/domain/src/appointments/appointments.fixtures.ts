import type { AeProfile, AeRole } from './appointments.events';
import type { RosterAe } from './booking-book';

/** A roster entry for tests: weekdays 09:00-17:00 in Berlin, every segment, the role's default cap. */
export function rosterAe(
  aeId: string,
  overrides: Partial<AeProfile> & { role?: AeRole } = {},
  timeOff: RosterAe['timeOff'] = [],
): RosterAe {
  const role = overrides.role ?? 'demo-guru';
  return {
    aeId,
    timeOff,
    profile: {
      name: aeId.toUpperCase(),
      email: `${aeId}@sales.example`,
      role,
      segments: ['*'],
      industries: ['*'],
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      timeZone: 'Europe/Berlin',
      dailyCap: role === 'hunter' ? 2 : 5,
      openDealsCap: role === 'hunter' ? 150 : null,
      active: true,
      ...overrides,
    },
  };
}

/** A 30-minute range starting at `hhmm` UTC on `day` (Monday 2 March 2026 by default: Berlin is UTC+1, New York UTC-5 that week). */
export const slotAt = (hhmm: string, day = '2026-03-02') => ({
  start: `${day}T${hhmm}:00.000Z`,
  end: new Date(Date.parse(`${day}T${hhmm}:00.000Z`) + 30 * 60_000).toISOString(),
});
