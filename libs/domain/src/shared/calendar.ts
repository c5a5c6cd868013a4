const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The instant `minutes` after `instant` (before it when negative), as ISO-8601. */
export function addMinutes(instant: string | Date, minutes: number): string {
  return new Date(new Date(instant).getTime() + minutes * MINUTE_MS).toISOString();
}

/** The instant `days` whole 24-hour days after `instant` (before it when negative), as ISO-8601. */
export function addDays(instant: string | Date, days: number): string {
  return new Date(new Date(instant).getTime() + days * DAY_MS).toISOString();
}

/** Monday 00:00 UTC of the week containing `instant`: capacity counts per UTC week. */
export function weekStartUtc(instant: string | Date): Date {
  const d = new Date(instant);
  const daysSinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - daysSinceMonday));
}

/** Whether [aStart, aEnd) and [bStart, bEnd) share a moment. */
export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}
