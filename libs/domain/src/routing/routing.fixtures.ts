import type { LeadQualified, RecycleCoolOffEnded, SdrProfile } from './routing.events';
import type { SdrCandidate } from './assignment.policy';

/** Test data shared by the routing specs. */

/** Monday 2 March 2026, 10:00 in Berlin: the fixture SDRs are on shift. */
export const AT = '2026-03-02T09:00:00.000Z';

/** Ada qualified lead l1. */
export const qualified: LeadQualified = { type: 'LeadQualified', data: { leadId: 'l1', sdrId: 'ada', reason: 'budget', at: AT } };

/** Lead l1, recycled at AT, free for outbound from `at`. */
export const recycleCoolOffEnded = (at: string): RecycleCoolOffEnded => ({
  type: 'RecycleCoolOffEnded',
  data: { leadId: 'l1', reason: 'hopeless: no budget', recycledAt: AT, availableToOutboundAt: at, at },
});

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
