import { LEAD_SOURCES, type LeadSource } from '../../lead/lead-source';

export const HOURS_PER_WEEK = 168;

/** Inbound arrivals by UTC hour of the week (0 = Monday 00:00-01:00 UTC), with the mix of sources and segments behind them. */
export interface ArrivalPattern {
  /** Mean leads per hour in each hour of the week. */
  readonly perHour: readonly number[];
  readonly bySource: Readonly<Partial<Record<LeadSource, number>>>;
  readonly bySegment: Readonly<Record<string, number>>;
  /** Weeks of history the means are taken over. */
  readonly weeks: number;
  readonly leads: number;
}

/** The UTC hour of the week an instant falls in. */
export function hourOfWeek(instant: string): number {
  const d = new Date(instant);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

/** The recorded arrival pattern of captures between `from` and `to` (at least one week is assumed). */
export function arrivalPattern(
  captures: readonly { readonly at: string; readonly source: LeadSource; readonly segment: string }[],
  from: string,
  to: string,
): ArrivalPattern {
  const weeks = Math.max(1, (Date.parse(to) - Date.parse(from)) / (7 * 86_400_000));
  const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
  const bySource: Partial<Record<LeadSource, number>> = {};
  const bySegment: Record<string, number> = {};
  let leads = 0;
  for (const c of captures) {
    if (c.at < from || c.at >= to) continue;
    leads++;
    counts[hourOfWeek(c.at)]++;
    bySource[c.source] = (bySource[c.source] ?? 0) + 1;
    bySegment[c.segment] = (bySegment[c.segment] ?? 0) + 1;
  }
  const sources = Object.fromEntries(LEAD_SOURCES.filter((s) => bySource[s]).map((s) => [s, bySource[s]]));
  return { perHour: counts.map((n) => n / weeks), bySource: sources, bySegment, weeks, leads };
}

/** The same pattern with every hour's volume grown by `growth` (0.2 = +20 %). */
export function grown(pattern: ArrivalPattern, growth: number): ArrivalPattern {
  return { ...pattern, perHour: pattern.perHour.map((r) => r * (1 + growth)) };
}
