import { seededRandom } from '../shared/seeded-random';
import type { AeRole, BookingMode, FairnessEntry } from './appointments.events';
import { toInterval, type BookingBook, type TimeRange } from './booking-book';
import { eligiblePool, strictMoveAllowed, strictlyAllowed } from './eligible-pool';

/**
 * Bumped whenever the booking rules change; every booking records it, so a booking is explained and
 * replayed under the rules that made it.
 * - 1: fair pick by month-to-date credits within the eligible pool; a reschedule or reassignment
 *   could pick any AE, or any explicitly named one.
 * - 2 (issue 10): one first appointment per qualification cycle (a lead recycled and qualified again
 *   is booked again); a platform-chosen move counts the credit leaving its holder and keeps strict
 *   equality; an explicit hand-over is held to booking role, segment, availability and equality,
 *   with a recorded, role-restricted override (`handover-rules.ts`, `lead-cycle.ts`, `eligible-pool.ts`).
 */
export const BOOKING_POLICY_VERSION = 2;

export interface BookingRequest {
  /** The prospect's acceptable times, first choice first. */
  readonly acceptable: readonly TimeRange[];
  readonly segment: string;
  readonly roles: readonly AeRole[];
  readonly mode: BookingMode;
  readonly seed: number;
}

export interface Allocation {
  readonly aeId: string;
  readonly start: string;
  readonly end: string;
  readonly equalityTraded: boolean;
  /** Every AE of the eligible pool with month-to-date credits and how many acceptable times they could take. */
  readonly pool: FairnessEntry[];
}

/** The fewest-count entry; ties broken by the seeded PRNG over ids in order. */
export function fairPick<T extends { id: string; count: number }>(entries: readonly T[], random: () => number): T | null {
  if (entries.length === 0) return null;
  const least = Math.min(...entries.map((e) => e.count));
  const tied = entries.filter((e) => e.count === least).sort((a, b) => a.id.localeCompare(b.id));
  return tied[Math.floor(random() * tied.length)] ?? tied[0];
}

/**
 * Picks the AE for a first appointment. Strict: among AEs at their peer group's floor who can take
 * one of the acceptable times, the fewest month-to-date first appointments (ties by seeded PRNG),
 * at that AE's most preferred free time; null when equality leaves no choice. Flexible: the
 * prospect's first feasible choice, the fewest-credit AE free then; `equalityTraded` says whether
 * that differs from what strict mode would have allowed.
 */
export function allocate(book: BookingBook, request: BookingRequest): Allocation | null {
  const times = request.acceptable.map(toInterval);
  const pool = eligiblePool(book, request.segment, request.roles);
  const free = new Map(pool.map((ae) => [ae.aeId, times.flatMap((t, i) => (book.canTake(ae, t.start, t.end) ? [i] : []))]));
  const entries: FairnessEntry[] = pool.map((ae) => ({
    aeId: ae.aeId,
    monthToDate: book.monthToDate(ae.aeId),
    freeSlots: free.get(ae.aeId)?.length ?? 0,
  }));
  const allowed = strictlyAllowed(book, pool, times);
  const strictCandidates = entries.filter((e) => e.freeSlots > 0 && allowed.has(e.aeId)).map((e) => ({ id: e.aeId, count: e.monthToDate }));
  const random = seededRandom(request.seed);

  if (request.mode === 'strict') {
    const chosen = fairPick(strictCandidates, random);
    if (!chosen) return null;
    const slot = request.acceptable[(free.get(chosen.id) ?? [])[0]];
    return { aeId: chosen.id, start: slot.start, end: slot.end, equalityTraded: false, pool: entries };
  }

  const firstChoice = times.findIndex((_t, i) => pool.some((ae) => free.get(ae.aeId)?.includes(i)));
  if (firstChoice < 0) return null;
  const atFirst = entries.filter((e) => free.get(e.aeId)?.includes(firstChoice)).map((e) => ({ id: e.aeId, count: e.monthToDate }));
  const chosen = fairPick(atFirst, random);
  if (!chosen) return null;
  const strictLeast = strictCandidates.length > 0 ? Math.min(...strictCandidates.map((c) => c.count)) : null;
  const equalityTraded = !strictCandidates.some((c) => c.id === chosen.id && c.count === strictLeast);
  const slot = request.acceptable[firstChoice];
  return { aeId: chosen.id, start: slot.start, end: slot.end, equalityTraded, pool: entries };
}

export interface HandoverRequest {
  /** The AE holding the appointment (and its credit when `credited`). */
  readonly currentAeId: string;
  readonly range: TimeRange;
  readonly segment: string;
  readonly roles: readonly AeRole[];
  readonly mode: BookingMode;
  readonly seed: number;
}

/**
 * The AE a platform-chosen hand-over gives the appointment (and its credit) to, never its current
 * AE: among AEs of a booking role serving the segment who can take the time, strict mode keeps only
 * those a move to leaves equality intact (`strictMoveAllowed`: counted after the credit leaves its
 * holder); the fewest month-to-date credits wins, ties by seeded PRNG. Null when nobody may.
 * Call with the appointment's time released from the book and the counts of the credit's month.
 */
export function handoverTarget(book: BookingBook, request: HandoverRequest): string | null {
  const interval = toInterval(request.range);
  const pool = eligiblePool(book, request.segment, request.roles);
  const candidates = pool
    .filter((ae) => ae.aeId !== request.currentAeId && book.canTake(ae, interval.start, interval.end))
    .filter(
      (ae) =>
        request.mode !== 'strict' || strictMoveAllowed(book, pool, { fromAeId: request.currentAeId, toAeId: ae.aeId, times: [interval] }),
    )
    .map((ae) => ({ id: ae.aeId, count: book.monthToDate(ae.aeId) }));
  return fairPick(candidates, seededRandom(request.seed))?.id ?? null;
}

/**
 * The AE for a rescheduled appointment: its AE when free at the new time (the credit stays);
 * otherwise `handoverTarget`, and the credit moves. Call with the appointment's old time already
 * released from the book and the month-to-date counts of the credit's month.
 */
export function rescheduleTarget(book: BookingBook, request: HandoverRequest): string | null {
  const interval = toInterval(request.range);
  const current = book.ae(request.currentAeId);
  if (current && book.canTake(current, interval.start, interval.end)) return current.aeId;
  return handoverTarget(book, request);
}
