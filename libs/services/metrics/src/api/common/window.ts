import { BadRequestException } from '@nestjs/common';
import type { MetricWindow, Period } from '../../read-models';

const DAY = 86_400_000;
/** Buckets per answer beyond which a request is refused rather than left to run for minutes. */
export const MAX_BUCKETS = 1_000;
const DEFAULT_SPAN: Record<Period, number> = { day: 30 * DAY, week: 12 * 7 * DAY, month: 366 * DAY };
const BUCKET: Record<Period, number> = { day: DAY, week: 7 * DAY, month: 28 * DAY };

/** The moments a request names, as its query string carries them (the DTO has checked their shape). */
export interface ScopeRequest {
  readonly asOf?: string;
  readonly knownAt?: string;
}

export interface WindowRequest extends ScopeRequest {
  readonly from?: string;
  readonly to?: string;
}

export function parseMoment(value: string, name = 'moment'): Date {
  // A bare date is midnight UTC (Date.parse agrees); instants carry their zone (the DTO insists).
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadRequestException([`${name} is not a valid moment`]);
  return date;
}

/** asOf (default now), then `to` (default asOf) and `from` (default a span before `to` that suits the period). */
export function resolveWindow(query: WindowRequest, now: Date, period: Period = 'day'): MetricWindow {
  const asOf = query.asOf ? parseMoment(query.asOf, 'asOf') : now;
  const to = query.to ? parseMoment(query.to, 'to') : asOf;
  const from = query.from ? parseMoment(query.from, 'from') : new Date(to.getTime() - DEFAULT_SPAN[period]);
  if (from.getTime() >= to.getTime())
    throw new BadRequestException([`from (${from.toISOString()}) must be before to (${to.toISOString()})`]);
  if ((to.getTime() - from.getTime()) / BUCKET[period] > MAX_BUCKETS) {
    throw new BadRequestException([
      `the window from ${from.toISOString()} to ${to.toISOString()} spans more than ${MAX_BUCKETS} ${period}s; narrow it or use a larger period`,
    ]);
  }
  return { asOf, from, to };
}
