const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function memoised(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    cache.set(timeZone, f);
  }
  return f;
}

const timeFormatter = (timeZone: string) =>
  memoised(
    formatters,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
  );
const dateFormatter = (timeZone: string) =>
  memoised(
    dateFormatters,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  );

/**
 * Per time zone, the UTC minute `localTime` last answered for and its answer: a routing decision asks about one instant
 * for every candidate (most in the same zone), the decisions of a busy minute about instants of the same minute, and
 * ICU's formatToParts was most of that work. An answer is kept for its whole UTC minute only when the zone's offset
 * then is a whole number of minutes (the local second is the UTC second): every zone's today, not every zone's local
 * mean time of a century ago.
 */
const lastLocalTimes = new Map<string, { utcMinute: number; weekday: number; minuteOfDay: number }>();

/** The ISO weekday (1 = Monday) and minute of the day at `instant` (ISO text, a Date, or epoch ms) on a wall clock in `timeZone`. */
export function localTime(instant: string | Date | number, timeZone: string): { weekday: number; minuteOfDay: number } {
  const instantMs = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const utcMinute = Math.floor(instantMs / 60_000);
  const last = lastLocalTimes.get(timeZone);
  if (last !== undefined && last.utcMinute === utcMinute) return { weekday: last.weekday, minuteOfDay: last.minuteOfDay };
  const date = new Date(instantMs);
  const parts = timeFormatter(timeZone).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS[part('weekday')];
  const minuteOfDay = Number(part('hour')) * 60 + Number(part('minute'));
  // One entry per zone asked about (the formatters above are kept per zone too).
  if (Number(part('second')) === date.getUTCSeconds()) lastLocalTimes.set(timeZone, { utcMinute, weekday, minuteOfDay });
  else lastLocalTimes.delete(timeZone);
  return { weekday, minuteOfDay };
}

export type WallClock = { weekday: number; minuteOfDay: number; date: string };
const wallClockCache = new Map<string, Map<number, WallClock>>();
let cachedWallClocks = 0;

/**
 * Weekday (1 = Monday), minute of the day and calendar date (`YYYY-MM-DD`) on a wall clock in
 * `timeZone`; memoised because slot search asks about the same grid instants again and again.
 */
export function wallClock(instantMs: number, timeZone: string): WallClock {
  let zone = wallClockCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    wallClockCache.set(timeZone, zone);
  }
  let hit = zone.get(instantMs);
  if (!hit) {
    const { weekday, minuteOfDay } = localTime(instantMs, timeZone);
    hit = { weekday, minuteOfDay, date: dateFormatter(timeZone).format(new Date(instantMs)) };
    if (++cachedWallClocks > 500_000) {
      wallClockCache.clear();
      cachedWallClocks = 0;
    }
    zone.set(instantMs, hit);
  }
  return hit;
}

/** 'HH:MM' (00:00-24:00) → minutes, or null when malformed. */
export function parseClockTime(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
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
