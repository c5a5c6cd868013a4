import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, instant, runPage, scopeParams, type MetricScope, type Page, type PageRequest } from '../metric-sql';
import { APPOINTMENT_FACTS } from './appointments.read-model';

export const APPOINTMENT_STATUSES = ['booked', 'held', 'no-show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * Appointments as of `as_of` (as known at `known_at`), by start time: the AE and sales engineer
 * holding each then (after reschedules), its time, and its status then: `cancelled`, `no-show`,
 * `held` (with the demo outcome once recorded) or `booked`; with the lead's company and segment.
 * $1 as_of, $2 known_at, $3 AE, $4 status, $5 starts at or after, $6 starts before, $7 limit, $8 offset.
 */
export const APPOINTMENT_LIST_SQL = `WITH appointments AS (
  ${foldAsOf(APPOINTMENT_FACTS, [
    'lead_id',
    'booked_at',
    'mode',
    'credit_month',
    'ae_id',
    'start_at',
    'end_at',
    'se_id',
    'held_at',
    'no_show_at',
    'cancelled_at',
    'cancel_reason',
    'outcome_at',
    'moved_forward',
  ])}
), leads AS (
  ${foldAsOf(LEAD_FACTS, ['segment', 'company_name'])}
), listed AS (
  SELECT p.*, l.company_name, l.segment,
         CASE WHEN p.cancelled_at IS NOT NULL THEN 'cancelled'
              WHEN p.no_show_at IS NOT NULL THEN 'no-show'
              WHEN p.held_at IS NOT NULL THEN 'held'
              ELSE 'booked' END AS status
  FROM appointments p LEFT JOIN leads l ON l.lead_id = p.lead_id
  WHERE p.booked_at IS NOT NULL
)
SELECT appointment_id, lead_id, company_name, segment, ae_id, se_id, start_at, end_at, status, booked_at, mode, credit_month,
       cancel_reason, CASE WHEN outcome_at IS NOT NULL THEN moved_forward END AS moved_forward,
       count(*) OVER ()::int AS total
FROM listed
WHERE ($3::text IS NULL OR ae_id = $3::text)
  AND ($4::text IS NULL OR status = $4::text)
  AND ($5::timestamptz IS NULL OR start_at >= $5::timestamptz)
  AND ($6::timestamptz IS NULL OR start_at < $6::timestamptz)
ORDER BY start_at, appointment_id
LIMIT $7::int OFFSET $8::int`;

export interface AppointmentListParams extends MetricScope, PageRequest {
  readonly aeId?: string;
  readonly status?: AppointmentStatus;
  readonly startsFrom?: Date;
  readonly startsBefore?: Date;
}

export interface AppointmentListRow {
  readonly appointment_id: string;
  readonly lead_id: string | null;
  readonly company_name: string | null;
  readonly segment: string | null;
  readonly ae_id: string | null;
  readonly se_id: string | null;
  readonly start_at: Date | null;
  readonly end_at: Date | null;
  readonly status: AppointmentStatus;
  readonly booked_at: Date;
  readonly mode: string | null;
  readonly credit_month: string | null;
  readonly cancel_reason: string | null;
  readonly moved_forward: boolean | null;
}

export function appointmentList(db: SqlExecutor, p: AppointmentListParams): Promise<Page<AppointmentListRow>> {
  return runPage<AppointmentListRow & { total: number }>(
    db,
    APPOINTMENT_LIST_SQL,
    p.schema,
    [
      ...scopeParams(p),
      p.aeId ?? null,
      p.status ?? null,
      p.startsFrom ? instant(p.startsFrom) : null,
      p.startsBefore ? instant(p.startsBefore) : null,
    ],
    p,
  );
}
