import type { AeProfile, AeRole, BookingMode, FairnessEntry } from '../sales/sales.events';
import { seededRandom } from '../routing/seeded-random';
import type { AeTimeOff } from './ae.decider';
import { clockMinutes, overlaps, wallClock, withinHours } from './calendar-time';

/** Bumped whenever the allocation rules below change; every booking records it. */
export const BOOKING_POLICY_VERSION = 1;

export interface RosterAe {
  readonly aeId: string;
  readonly profile: AeProfile;
  readonly timeOff: readonly AeTimeOff[];
}

/** Time an AE or SE is taken: a live appointment (booked, held, no-show) they run or attend. */
export interface BusyEntry {
  readonly aeId: string;
  readonly start: string;
  readonly end: string;
}

export interface TimeRange {
  readonly start: string;
  readonly end: string;
}

export interface OfferedSlot extends TimeRange {
  readonly aeId: string;
}

/** A window on the prospect's wall clock; `days` are ISO weekdays (all when absent). */
export interface PreferredWindow {
  readonly days?: readonly number[];
  readonly start: string;
  readonly end: string;
}

const DAY = 86_400_000;

interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * Who is on the roster, when they are taken and their month-to-date credits (first appointments
 * for AEs, attachments for SEs). Kept incrementally so a simulation can book thousands of times.
 */
export class BookingBook {
  readonly aes: readonly RosterAe[];
  private readonly byId = new Map<string, RosterAe>();
  /** Busy intervals per AE and UTC day of their start: overlap checks look at two days only. */
  private readonly busy = new Map<string, Map<number, Interval[]>>();
  /** Appointments per AE and day on the AE's wall clock, for the daily cap. */
  private readonly perDay = new Map<string, Map<string, number>>();
  private readonly credits = new Map<string, number>();
  private readonly timeOff = new Map<string, Interval[]>();

  constructor(aes: readonly RosterAe[], busy: readonly BusyEntry[] = [], monthToDate: Readonly<Record<string, number>> = {}) {
    this.aes = [...aes].sort((a, b) => a.aeId.localeCompare(b.aeId));
    for (const ae of this.aes) {
      this.byId.set(ae.aeId, ae);
      this.timeOff.set(
        ae.aeId,
        ae.timeOff.map((off) => ({ start: Date.parse(off.from), end: Date.parse(off.to) })),
      );
    }
    for (const entry of busy) this.occupy(entry.aeId, entry);
    for (const [aeId, count] of Object.entries(monthToDate)) this.credits.set(aeId, count);
  }

  ae(aeId: string): RosterAe | undefined {
    return this.byId.get(aeId);
  }

  monthToDate(aeId: string): number {
    return this.credits.get(aeId) ?? 0;
  }

  credit(aeId: string, delta: number): void {
    this.credits.set(aeId, this.monthToDate(aeId) + delta);
  }

  occupy(aeId: string, range: TimeRange): void {
    const start = Date.parse(range.start);
    const days = this.busyDays(aeId);
    const day = Math.floor(start / DAY);
    days.set(day, [...(days.get(day) ?? []), { start, end: Date.parse(range.end) }]);
    this.countDay(aeId, start, 1);
  }

  release(aeId: string, range: TimeRange): void {
    const start = Date.parse(range.start);
    const end = Date.parse(range.end);
    const days = this.busyDays(aeId);
    const day = Math.floor(start / DAY);
    const list = days.get(day) ?? [];
    const index = list.findIndex((i) => i.start === start && i.end === end);
    if (index < 0) return;
    days.set(
      day,
      list.filter((_i, n) => n !== index),
    );
    this.countDay(aeId, start, -1);
  }

  /** Whether the AE works then, is not off, is free and has not reached the daily cap of that (local) day. */
  canTake(ae: RosterAe, startMs: number, endMs: number): boolean {
    const minutes = (endMs - startMs) / 60_000;
    if (!ae.profile.active || !withinHours(startMs, minutes, ae.profile.timeZone, ae.profile.workingHours)) return false;
    if (this.isOff(ae.aeId, startMs, endMs)) return false;
    if (this.dayCount(ae, startMs) >= ae.profile.dailyCap) return false;
    return !this.isBusy(ae.aeId, startMs, endMs);
  }

  /** Whether the AE works then and is not off (busy or capped still counts as present). */
  present(ae: RosterAe, startMs: number, endMs: number): boolean {
    const minutes = (endMs - startMs) / 60_000;
    if (!ae.profile.active || !withinHours(startMs, minutes, ae.profile.timeZone, ae.profile.workingHours)) return false;
    return !this.isOff(ae.aeId, startMs, endMs);
  }

  private isOff(aeId: string, startMs: number, endMs: number): boolean {
    return (this.timeOff.get(aeId) ?? []).some((off) => overlaps(startMs, endMs, off.start, off.end));
  }

  isBusy(aeId: string, startMs: number, endMs: number): boolean {
    const days = this.busy.get(aeId);
    if (!days) return false;
    for (let day = Math.floor(startMs / DAY) - 1; day <= Math.floor(endMs / DAY); day++) {
      const list = days.get(day);
      if (!list) continue;
      for (const b of list) if (b.start < endMs && startMs < b.end) return true;
    }
    return false;
  }

  private busyDays(aeId: string): Map<number, Interval[]> {
    let days = this.busy.get(aeId);
    if (!days) {
      days = new Map();
      this.busy.set(aeId, days);
    }
    return days;
  }

  private localDate(aeId: string, startMs: number): string {
    const ae = this.byId.get(aeId);
    return ae ? wallClock(startMs, ae.profile.timeZone).date : new Date(startMs).toISOString().slice(0, 10);
  }

  private countDay(aeId: string, startMs: number, delta: number): void {
    let days = this.perDay.get(aeId);
    if (!days) {
      days = new Map();
      this.perDay.set(aeId, days);
    }
    const date = this.localDate(aeId, startMs);
    days.set(date, Math.max(0, (days.get(date) ?? 0) + delta));
  }

  private dayCount(ae: RosterAe, startMs: number): number {
    return this.perDay.get(ae.aeId)?.get(this.localDate(ae.aeId, startMs)) ?? 0;
  }
}

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

function fitsWindows(startMs: number, minutes: number, timeZone: string, windows: readonly PreferredWindow[]): boolean {
  if (windows.length === 0) return true;
  const local = wallClock(startMs, timeZone);
  return windows.some((w) => {
    if (w.days && w.days.length > 0 && !w.days.includes(local.weekday)) return false;
    const from = clockMinutes(w.start);
    const to = clockMinutes(w.end);
    return local.minuteOfDay >= from && local.minuteOfDay + minutes <= to;
  });
}

function candidateIntervals(search: Pick<SlotSearch, 'from' | 'until' | 'slotMinutes' | 'timeZone' | 'windows'>): Interval[] {
  const step = search.slotMinutes * 60_000;
  const first = Math.ceil(Date.parse(search.from) / step) * step;
  const last = Date.parse(search.until);
  const times: Interval[] = [];
  for (let t = first; t + step <= last; t += step) {
    if (fitsWindows(t, search.slotMinutes, search.timeZone, search.windows)) times.push({ start: t, end: t + step });
  }
  return times;
}

function toRange(interval: Interval): TimeRange {
  return { start: new Date(interval.start).toISOString(), end: new Date(interval.end).toISOString() };
}

/** Grid times between `from` and `until` that fit the prospect's windows on the prospect's wall clock. */
export function candidateTimes(search: Pick<SlotSearch, 'from' | 'until' | 'slotMinutes' | 'timeZone' | 'windows'>): TimeRange[] {
  return candidateIntervals(search).map(toRange);
}

function toInterval(range: TimeRange): Interval {
  return { start: Date.parse(range.start), end: Date.parse(range.end) };
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

/**
 * The sales engineer to attach: matching industry (or `*`; any when the lead's industry is unknown),
 * able to take the time, fewest attachments this month first, ties by seeded PRNG.
 */
export function pickSalesEngineer(book: BookingBook, range: TimeRange, industry: string | null, seed: number): string | null {
  const interval = toInterval(range);
  const candidates = book.aes
    .filter((ae) => ae.profile.role === 'sales-engineer')
    .filter((ae) => industry === null || ae.profile.industries.includes('*') || ae.profile.industries.includes(industry))
    .filter((ae) => book.canTake(ae, interval.start, interval.end))
    .map((ae) => ({ id: ae.aeId, count: book.monthToDate(ae.aeId) }));
  return fairPick(candidates, seededRandom(seed))?.id ?? null;
}

export interface HunterStanding {
  readonly ae: RosterAe;
  readonly handoffsThisMonth: number;
  readonly handoffsToday: number;
  readonly openDeals: number;
}

/**
 * The hunter a demo guru hands a moved-forward prospect to: active, serving the segment, not off at
 * `at`, under the daily cap of new appointments and under the open-deals cap; fewest handoffs this
 * month first, ties by seeded PRNG.
 */
export function pickHunter(
  hunters: readonly HunterStanding[],
  request: { at: string; segment: string; seed: number },
): { hunterId: string | null; pool: { aeId: string; monthToDate: number; openDeals: number; handoffsToday: number }[] } {
  const at = Date.parse(request.at);
  const eligible = hunters.filter(
    ({ ae, handoffsToday, openDeals }) =>
      ae.profile.role === 'hunter' &&
      ae.profile.active &&
      coversSegment(ae, request.segment) &&
      !ae.timeOff.some((off) => Date.parse(off.from) <= at && at < Date.parse(off.to)) &&
      handoffsToday < ae.profile.dailyCap &&
      openDeals < (ae.profile.openDealsCap ?? Number.POSITIVE_INFINITY),
  );
  const chosen = fairPick(
    eligible.map((h) => ({ id: h.ae.aeId, count: h.handoffsThisMonth })),
    seededRandom(request.seed),
  );
  return {
    hunterId: chosen?.id ?? null,
    pool: eligible.map((h) => ({
      aeId: h.ae.aeId,
      monthToDate: h.handoffsThisMonth,
      openDeals: h.openDeals,
      handoffsToday: h.handoffsToday,
    })),
  };
}

/**
 * The AE for a rescheduled appointment: its AE when free at the new time (the credit stays);
 * otherwise the fairest AE of the pool who can take it (strict: at its peer group's floor), and
 * the credit moves. Call with the appointment's old time already released from the book.
 */
export function rescheduleTarget(
  book: BookingBook,
  request: { currentAeId: string; range: TimeRange; segment: string; roles: readonly AeRole[]; mode: BookingMode; seed: number },
): string | null {
  const interval = toInterval(request.range);
  const current = book.ae(request.currentAeId);
  if (current && book.canTake(current, interval.start, interval.end)) return current.aeId;
  const pool = eligiblePool(book, request.segment, request.roles).filter((ae) => ae.aeId !== request.currentAeId);
  const allowed = request.mode === 'strict' ? strictlyAllowed(book, pool, [interval]) : new Set(pool.map((a) => a.aeId));
  const candidates = pool
    .filter((ae) => allowed.has(ae.aeId) && book.canTake(ae, interval.start, interval.end))
    .map((ae) => ({ id: ae.aeId, count: book.monthToDate(ae.aeId) }));
  return fairPick(candidates, seededRandom(request.seed))?.id ?? null;
}
