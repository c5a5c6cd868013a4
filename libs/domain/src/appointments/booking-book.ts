import { overlaps } from '../shared/calendar';
import { wallClock } from '../shared/time-zone';
import { withinWorkingHours } from '../shared/working-time';
import type { AeTimeOff } from './ae.decider';
import type { AeProfile } from './appointments.events';

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

/** A time range in epoch milliseconds: what the searches compare. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;

export function toInterval(range: TimeRange): Interval {
  return { start: Date.parse(range.start), end: Date.parse(range.end) };
}

export function toRange(interval: Interval): TimeRange {
  return { start: new Date(interval.start).toISOString(), end: new Date(interval.end).toISOString() };
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
    if (!this.present(ae, startMs, endMs)) return false;
    if (this.dayCount(ae, startMs) >= ae.profile.dailyCap) return false;
    return !this.isBusy(ae.aeId, startMs, endMs);
  }

  /** Whether the AE works then and is not off (busy or capped still counts as present). */
  present(ae: RosterAe, startMs: number, endMs: number): boolean {
    if (!ae.profile.active) return false;
    const minutes = (endMs - startMs) / 60_000;
    if (!withinWorkingHours(ae.profile.workingHours, wallClock(startMs, ae.profile.timeZone), minutes)) return false;
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
      for (const b of list) if (overlaps(startMs, endMs, b.start, b.end)) return true;
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
