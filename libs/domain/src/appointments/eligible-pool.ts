import type { AeProfile, AeRole } from './appointments.events';
import type { BookingBook, Interval, RosterAe } from './booking-book';

export function coversSegment(ae: RosterAe, segment: string): boolean {
  return ae.profile.segments.includes('*') || ae.profile.segments.includes(segment);
}

/** AEs whose role takes this kind of appointment and who serve the prospect's segment. */
export function eligiblePool(book: BookingBook, segment: string, roles: readonly AeRole[]): RosterAe[] {
  return book.aes.filter((ae) => ae.profile.active && roles.includes(ae.profile.role) && coversSegment(ae, segment));
}

/** AEs of equal availability: same role, segments, working hours and time zone. */
const peerKeys = new WeakMap<AeProfile, string>();

export function peerGroupKey(ae: RosterAe): string {
  const p = ae.profile;
  const known = peerKeys.get(p);
  if (known !== undefined) return known;
  const key = [
    p.role,
    [...p.segments].sort().join(','),
    p.timeZone,
    [...p.workingHours.days].sort().join(','),
    p.workingHours.start,
    p.workingHours.end,
  ].join('|');
  peerKeys.set(p, key);
  return key;
}

/**
 * Strict equality: within each peer group, only members at the group's month-to-date floor may take
 * a new first appointment. The floor is over members present at one of the requested times (working
 * and not off); so counts among AEs of equal availability never differ by more than one.
 */
export function strictlyAllowed(book: BookingBook, pool: readonly RosterAe[], times: readonly Interval[]): Set<string> {
  const groups = new Map<string, RosterAe[]>();
  for (const ae of pool) {
    if (!times.some((t) => book.present(ae, t.start, t.end))) continue;
    const key = peerGroupKey(ae);
    groups.set(key, [...(groups.get(key) ?? []), ae]);
  }
  const allowed = new Set<string>();
  for (const members of groups.values()) {
    const floor = Math.min(...members.map((m) => book.monthToDate(m.aeId)));
    for (const m of members) if (book.monthToDate(m.aeId) <= floor) allowed.add(m.aeId);
  }
  return allowed;
}
