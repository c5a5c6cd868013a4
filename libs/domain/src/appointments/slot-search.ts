import { wallClock } from '../shared/time-zone';
import { withinClockRange } from '../shared/working-time';
import type { AeRole, BookingMode } from './appointments.events';
import { toRange, type BookingBook, type Interval, type TimeRange } from './booking-book';
import { eligiblePool, strictlyAllowed } from './eligible-pool';

export interface OfferedSlot extends TimeRange {
  readonly aeId: string;
}

/** A window on the prospect's wall clock; `days` are ISO weekdays (all when absent). */
export interface PreferredWindow {
  readonly days?: readonly number[];
  readonly start: string;
  readonly end: string;
}

export interface SlotSearch {
  /** Earliest start (ISO); the grid is aligned to `slotMinutes` in UTC. */
  readonly from: string;
  readonly until: string;
  readonly slotMinutes: number;
  readonly timeZone: string;
  /** Empty: any time the AEs work. */
  readonly windows: readonly PreferredWindow[];
  readonly segment: string;
  readonly roles: readonly AeRole[];
  readonly mode: BookingMode;
  readonly limit: number;
}

type Grid = Pick<SlotSearch, 'from' | 'until' | 'slotMinutes' | 'timeZone' | 'windows'>;

function fitsWindows(startMs: number, minutes: number, timeZone: string, windows: readonly PreferredWindow[]): boolean {
  if (windows.length === 0) return true;
  const local = wallClock(startMs, timeZone);
  return windows.some(
    (w) => (!w.days || w.days.length === 0 || w.days.includes(local.weekday)) && withinClockRange(local.minuteOfDay, minutes, w),
  );
}

function candidateIntervals(search: Grid): Interval[] {
  const step = search.slotMinutes * 60_000;
  const first = Math.ceil(Date.parse(search.from) / step) * step;
  const last = Date.parse(search.until);
  const times: Interval[] = [];
  for (let t = first; t + step <= last; t += step) {
    if (fitsWindows(t, search.slotMinutes, search.timeZone, search.windows)) times.push({ start: t, end: t + step });
  }
  return times;
}

/** Grid times between `from` and `until` that fit the prospect's windows on the prospect's wall clock. */
export function candidateTimes(search: Grid): TimeRange[] {
  return candidateIntervals(search).map(toRange);
}

/**
 * Slots to offer: for each fitting time (earliest first, at most `limit`), the AE with the fewest
 * month-to-date credits who can take it. In strict mode only AEs at their peer group's floor are
 * offered, so any offered slot can be booked without breaking equality.
 */
export function offerSlots(book: BookingBook, search: SlotSearch): OfferedSlot[] {
  const intervals = candidateIntervals(search);
  const pool = eligiblePool(book, search.segment, search.roles);
  const allowed = search.mode === 'strict' ? strictlyAllowed(book, pool, intervals) : new Set(pool.map((a) => a.aeId));
  const offered = pool
    .filter((ae) => allowed.has(ae.aeId))
    .sort((a, b) => book.monthToDate(a.aeId) - book.monthToDate(b.aeId) || a.aeId.localeCompare(b.aeId));
  const slots: OfferedSlot[] = [];
  for (let i = 0; i < intervals.length && slots.length < search.limit; i++) {
    const ae = offered.find((a) => book.canTake(a, intervals[i].start, intervals[i].end));
    if (ae) slots.push({ aeId: ae.aeId, ...toRange(intervals[i]) });
  }
  return slots;
}
