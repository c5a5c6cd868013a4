import type { SdrProfile } from './routing.events';
import type { SdrCandidate } from './assignment.policy';

/** Test data shared by the routing specs. */
export const profile = (overrides: Partial<SdrProfile> = {}): SdrProfile => ({
  name: 'Ada',
  email: 'ada@example.com',
  managerEmail: 'boss@example.com',
  team: 'inbound',
  territories: ['dach'],
  segments: ['mid-market'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
  weeklyCapacity: 160,
  active: true,
  ...overrides,
});

export const candidate = (
  sdrId: string,
  overrides: Partial<Omit<SdrCandidate, 'profile'>> = {},
  p: Partial<SdrProfile> = {},
): SdrCandidate => ({
  sdrId,
  profile: profile(p),
  timeOff: [],
  openLeads: 0,
  assignedThisWeek: 0,
  lastAssignedAt: null,
  ...overrides,
});
