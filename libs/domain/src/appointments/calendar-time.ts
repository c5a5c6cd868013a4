import { isValidTimeZone, localTime, parseClockTime } from '../routing/time-zone';

export { isValidTimeZone, parseClockTime };

const MINUTE = 60_000;
type WallClock = { weekday: number; minuteOfDay: number; date: string };
const localCache = new Map<string, Map<number, WallClock>>();
let cached = 0;
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

/**
 * Weekday (1 = Monday), minute of the day and calendar date (`YYYY-MM-DD`) on a wall clock in
 * `timeZone`; memoised because slot search asks about the same grid instants again and again.
 */
export function wallClock(instantMs: number, timeZone: string): WallClock {
  let zone = localCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    localCache.set(timeZone, zone);
  }
  let hit = zone.get(instantMs);
  if (!hit) {
    const { weekday, minuteOfDay } = localTime(new Date(instantMs), timeZone);
    hit = { weekday, minuteOfDay, date: dateFormatter(timeZone).format(new Date(instantMs)) };
    if (++cached > 500_000) {
      localCache.clear();
      cached = 0;
    }
    zone.set(instantMs, hit);
  }
  return hit;
}

/** `YYYY-MM` of the UTC calendar month containing `instant`: the month a credit counts in. */
export function creditMonthOf(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 7);
}

/** Whether [start, start + minutes) lies inside a working day's hours on the wall clock of `timeZone`. */
export function withinHours(
  startMs: number,
  minutes: number,
  timeZone: string,
  hours: { readonly days: readonly number[]; readonly start: string; readonly end: string },
): boolean {
  const local = wallClock(startMs, timeZone);
  if (!hours.days.includes(local.weekday)) return false;
  const from = clockMinutes(hours.start);
  const to = clockMinutes(hours.end);
  return local.minuteOfDay >= from && local.minuteOfDay + minutes <= to;
}

export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

export function addMinutes(instant: string | Date, minutes: number): string {
  return new Date(new Date(instant).getTime() + minutes * MINUTE).toISOString();
}

const clockCache = new Map<string, number>();

/** `HH:MM` → minutes of the day (0 when malformed; profiles are validated before they get here). */
export function clockMinutes(text: string): number {
  let minutes = clockCache.get(text);
  if (minutes === undefined) {
    minutes = parseClockTime(text) ?? 0;
    clockCache.set(text, minutes);
  }
  return minutes;
}
