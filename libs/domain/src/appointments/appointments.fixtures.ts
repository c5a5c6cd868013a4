import type { AeProfile, AeRole } from '../sales/sales.events';
import type { RosterAe } from './booking.policy';

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
