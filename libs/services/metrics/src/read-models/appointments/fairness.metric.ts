import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * Distribution fairness per credit month (months whose first day lies in the window): each AE's
 * first-appointment credits, where the credit follows a reschedule to its new AE and is lost on a
 * no-show or cancellation (all as of `as_of`). The AEs compared: active demo gurus and hunters
 * registered by the month's end, plus anyone holding an appointment of the month. Spread = max − min;
 * Jain's index = (Σx)² / (n·Σx²), 1 when every AE has the same count, 1/n when one AE has all.
 * $1 as_of, $2 from, $3 to.
 */
export const FAIRNESS_SQL = `WITH appts AS (
  SELECT p.appointment_id, p.credit_month,
         COALESCE((SELECT r.ae_id FROM metrics.appointment_reschedules r
                   WHERE r.appointment_id = p.appointment_id AND r.at <= $1::timestamptz
                   ORDER BY r.at DESC LIMIT 1), p.booked_ae_id) AS holder,
         NOT (COALESCE(p.no_show_at <= $1::timestamptz, false) OR COALESCE(p.cancelled_at <= $1::timestamptz, false)) AS credited,
         COALESCE(p.equality_traded, false) AS equality_traded
  FROM metrics.appointments p
  WHERE p.booked_at <= $1::timestamptz
    AND ((p.credit_month || '-01')::timestamp AT TIME ZONE 'UTC') >= $2::timestamptz
    AND ((p.credit_month || '-01')::timestamp AT TIME ZONE 'UTC') < $3::timestamptz
), pool AS (
  SELECT m.credit_month, x.ae_id
  FROM (SELECT DISTINCT credit_month FROM appts) m
  JOIN metrics.aes x
    ON x.role IN ('demo-guru', 'hunter') AND x.active IS DISTINCT FROM false AND x.registered_at <= $1::timestamptz
   AND x.registered_at < (((m.credit_month || '-01')::timestamp + interval '1 month') AT TIME ZONE 'UTC')
  UNION
  SELECT credit_month, holder FROM appts
), per_ae AS (
  SELECT p.credit_month, p.ae_id,
         count(a.appointment_id) AS booked,
         count(a.appointment_id) FILTER (WHERE a.credited) AS credited,
         count(a.appointment_id) FILTER (WHERE a.equality_traded) AS equality_traded
  FROM pool p LEFT JOIN appts a ON a.credit_month = p.credit_month AND a.holder = p.ae_id
  GROUP BY p.credit_month, p.ae_id
)
SELECT credit_month AS month,
       count(*)::int AS aes,
       sum(booked)::int AS booked,
       sum(credited)::int AS credited,
       min(credited)::int AS min_credited,
       max(credited)::int AS max_credited,
       (max(credited) - min(credited))::int AS spread,
       (power(sum(credited), 2) / NULLIF(count(*) * sum(power(credited, 2)), 0))::float8 AS jain_index,
       sum(equality_traded)::int AS equality_traded,
       jsonb_object_agg(ae_id, credited) AS credited_by_ae
FROM per_ae
GROUP BY credit_month
ORDER BY credit_month`;

export interface FairnessRow {
  readonly month: string;
  readonly aes: number;
  readonly booked: number;
  readonly credited: number;
  readonly min_credited: number;
  readonly max_credited: number;
  readonly spread: number;
  readonly jain_index: number | null;
  readonly equality_traded: number;
  readonly credited_by_ae: Readonly<Record<string, number>>;
}

export function fairness(db: SqlExecutor, p: MetricWindow): Promise<FairnessRow[]> {
  return runMetric(db, FAIRNESS_SQL, p.schema, windowParams(p));
}
