import { clockMinutes, isValidTimeZone, parseClockTime, type WallClock } from './time-zone';

/** ISO weekday numbers: 1 = Monday … 7 = Sunday; times are local 'HH:MM' in the person's time zone, end exclusive. */
export interface WorkingHours {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

/** A period someone on a roster is away, [from, to). */
export interface TimeOffPeriod {
  readonly from: string;
  readonly to: string;
}

/** The rules a roster entry's schedule must satisfy (SDRs, AEs and SEs alike); an empty list means valid. */
export function scheduleProblems(timeZone: string, hours: WorkingHours): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(timeZone)) problems.push(`unknown time zone ${timeZone}`);
  const from = parseClockTime(hours.start);
  const to = parseClockTime(hours.end);
  if (from === null || to === null || from >= to) problems.push('working hours need HH:MM start before end');
  if (hours.days.length === 0 || hours.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    problems.push('working days are 1 (Monday) to 7 (Sunday)');
  return problems;
}

export function timeOffProblem(period: TimeOffPeriod): string | null {
  return new Date(period.from).getTime() < new Date(period.to).getTime() ? null : 'time off must end after it starts';
}

export function isOnTimeOff(timeOff: readonly TimeOffPeriod[], atMs: number): boolean {
  return timeOff.some((off) => new Date(off.from).getTime() <= atMs && atMs < new Date(off.to).getTime());
}

/** Whether `minutes` from `minuteOfDay` lie inside a local 'HH:MM' range, end exclusive. */
export function withinClockRange(minuteOfDay: number, minutes: number, range: { readonly start: string; readonly end: string }): boolean {
  return minuteOfDay >= clockMinutes(range.start) && minuteOfDay + minutes <= clockMinutes(range.end);
}

/** Whether `minutes` from the local time `local` lie inside the working hours of its day. */
export function withinWorkingHours(hours: WorkingHours, local: Pick<WallClock, 'weekday' | 'minuteOfDay'>, minutes: number): boolean {
  return hours.days.includes(local.weekday) && withinClockRange(local.minuteOfDay, minutes, hours);
}
