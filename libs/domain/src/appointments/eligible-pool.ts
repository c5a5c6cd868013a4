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

/** max − min of month-to-date counts over some AEs (0 for none). */
function spread(counts: readonly number[]): number {
  return counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts);
}

/**
 * Strict equality for a first appointment changing hands (reschedule or reassign to another AE):
 * the credit leaves `fromAeId` and goes to `toAeId`. Allowed only when the target is at its peer
 * group's floor counted after the credit has left its holder (the holder counts in its group even
 * when off at the new time), and taking the credit from the holder does not widen the holder's
 * group beyond one (or beyond what it already was). So a move never lets counts among AEs of equal
 * availability drift apart; when the holder is the one at the floor, nobody else may take it.
 */
export function strictMoveAllowed(
  book: BookingBook,
  pool: readonly RosterAe[],
  move: { fromAeId: string; toAeId: string; times: readonly Interval[] },
): boolean {
  const to = book.ae(move.toAeId);
  if (!to || move.toAeId === move.fromAeId) return move.toAeId === move.fromAeId;
  const from = book.ae(move.fromAeId);
  const before = (aeId: string) => book.monthToDate(aeId);
  const after = (aeId: string) => before(aeId) - (aeId === move.fromAeId ? 1 : 0) + (aeId === move.toAeId ? 1 : 0);
  const withoutCredit = (aeId: string) => before(aeId) - (aeId === move.fromAeId ? 1 : 0);
  const key = peerGroupKey(to);
  const targetGroup = pool.filter(
    (ae) =>
      peerGroupKey(ae) === key &&
      (ae.aeId === move.fromAeId || ae.aeId === move.toAeId || move.times.some((t) => book.present(ae, t.start, t.end))),
  );
  if (from && peerGroupKey(from) === key && !targetGroup.some((ae) => ae.aeId === from.aeId)) targetGroup.push(from);
  const floor = Math.min(...targetGroup.map((ae) => withoutCredit(ae.aeId)));
  if (withoutCredit(to.aeId) > floor) return false;
  if (!from || peerGroupKey(from) === key) return true;
  const sourceKey = peerGroupKey(from);
  const sourceGroup = [from, ...pool.filter((ae) => ae.aeId !== from.aeId && peerGroupKey(ae) === sourceKey)].map((ae) => ae.aeId);
  return spread(sourceGroup.map(after)) <= Math.max(1, spread(sourceGroup.map(before)));
}
