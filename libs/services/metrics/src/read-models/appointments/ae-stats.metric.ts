import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * Account executives over a window. Appointments booked in the window belong to the AE holding
 * them as of `as_of` (the booking AE, or the AE of the latest reschedule); opportunities belong to
 * their owner as of `as_of` (opener, or the AE of the latest handover) and count as received in the
 * window when that owner got them in it. Rates are over those cohorts, with outcomes up to `as_of`.
 * `open_deals` is every opportunity the AE owns and has neither won nor lost as of `as_of`.
 * $1 as_of, $2 from, $3 to, $4 AE filter.
 */
export const AE_STATS_SQL = `WITH appts AS (
  SELECT p.*,
         COALESCE((SELECT r.ae_id FROM metrics.appointment_reschedules r
                   WHERE r.appointment_id = p.appointment_id AND r.at <= $1::timestamptz
                   ORDER BY r.at DESC LIMIT 1), p.booked_ae_id) AS holder
  FROM metrics.appointments p
  WHERE p.booked_at <= $1::timestamptz AND p.booked_at >= $2::timestamptz AND p.booked_at < $3::timestamptz
), appointment_stats AS (
  SELECT holder AS ae_id,
         count(*) AS booked,
         count(*) FILTER (WHERE held_at <= $1::timestamptz) AS held,
         count(*) FILTER (WHERE no_show_at <= $1::timestamptz) AS no_shows,
         count(*) FILTER (WHERE cancelled_at <= $1::timestamptz) AS cancelled,
         count(*) FILTER (WHERE outcome_at <= $1::timestamptz) AS demos,
         count(*) FILTER (WHERE outcome_at <= $1::timestamptz AND moved_forward) AS moved_forward
  FROM appts GROUP BY holder
), opps AS (
  SELECT o.*, owner.ae_id AS owner_id,
         owner.at >= $2::timestamptz AND owner.at < $3::timestamptz AS received,
         COALESCE(o.won_at <= $1::timestamptz, false) AS won,
         COALESCE(o.lost_at <= $1::timestamptz, false) AS lost
  FROM metrics.opportunities o
  CROSS JOIN LATERAL (
    SELECT e.ae_id, e.at FROM metrics.opportunity_events e
    WHERE e.opportunity_id = o.opportunity_id AND e.kind IN ('opened', 'handover') AND e.at <= $1::timestamptz
    ORDER BY e.at DESC, e.kind = 'handover' DESC LIMIT 1) owner
), opportunity_stats AS (
  SELECT o.owner_id AS ae_id,
         count(*) FILTER (WHERE NOT o.won AND NOT o.lost) AS open_deals,
         count(*) FILTER (WHERE o.received) AS received,
         count(*) FILTER (WHERE o.received AND o.won) AS won,
         count(*) FILTER (WHERE o.received AND o.lost) AS lost,
         avg(o.amount) FILTER (WHERE o.received AND o.won) AS avg_deal_size,
         avg(o.margin) FILTER (WHERE o.received AND o.won) AS avg_margin,
         avg(EXTRACT(EPOCH FROM o.won_at - l.captured_at) / 86400) FILTER (WHERE o.received AND o.won) AS avg_sales_cycle_days,
         avg(EXTRACT(EPOCH FROM o.won_at - o.opened_at) / 86400) FILTER (WHERE o.received AND o.won) AS avg_deal_cycle_days
  FROM opps o LEFT JOIN metrics.leads l ON l.lead_id = o.lead_id
  GROUP BY o.owner_id
), people AS (
  SELECT ae_id FROM metrics.aes WHERE registered_at <= $1::timestamptz AND role IS DISTINCT FROM 'sales-engineer'
  UNION SELECT ae_id FROM appointment_stats
  UNION SELECT ae_id FROM opportunity_stats
)
SELECT p.ae_id, x.name, x.role,
       COALESCE(a.booked, 0)::int AS appointments_booked,
       COALESCE(a.held, 0)::int AS appointments_held,
       COALESCE(a.no_shows, 0)::int AS no_shows,
       COALESCE(a.cancelled, 0)::int AS cancelled,
       a.held::float8 / NULLIF(a.booked, 0) AS perform_rate,
       COALESCE(a.demos, 0)::int AS demos,
       COALESCE(a.moved_forward, 0)::int AS moved_forward,
       a.moved_forward::float8 / NULLIF(a.demos, 0) AS move_forward_rate,
       COALESCE(s.open_deals, 0)::int AS open_deals,
       COALESCE(s.received, 0)::int AS opportunities_received,
       COALESCE(s.won, 0)::int AS won,
       COALESCE(s.lost, 0)::int AS lost,
       s.won::float8 / NULLIF(s.received, 0) AS close_rate,
       s.lost::float8 / NULLIF(s.received, 0) AS deal_failure_rate,
       s.avg_deal_size::float8 AS avg_deal_size,
       s.avg_margin::float8 AS avg_margin,
       s.avg_sales_cycle_days::float8 AS avg_sales_cycle_days,
       s.avg_deal_cycle_days::float8 AS avg_deal_cycle_days
FROM people p
LEFT JOIN metrics.aes x ON x.ae_id = p.ae_id
LEFT JOIN appointment_stats a ON a.ae_id = p.ae_id
LEFT JOIN opportunity_stats s ON s.ae_id = p.ae_id
WHERE $4::text IS NULL OR p.ae_id = $4::text
ORDER BY p.ae_id`;

export interface AeStatsParams extends MetricWindow {
  readonly aeId?: string;
}

export interface AeStatsRow {
  readonly ae_id: string;
  readonly name: string | null;
  readonly role: string | null;
  readonly appointments_booked: number;
  readonly appointments_held: number;
  readonly no_shows: number;
  readonly cancelled: number;
  readonly perform_rate: number | null;
  readonly demos: number;
  readonly moved_forward: number;
  readonly move_forward_rate: number | null;
  readonly open_deals: number;
  readonly opportunities_received: number;
  readonly won: number;
  readonly lost: number;
  readonly close_rate: number | null;
  readonly deal_failure_rate: number | null;
  readonly avg_deal_size: number | null;
  readonly avg_margin: number | null;
  readonly avg_sales_cycle_days: number | null;
  readonly avg_deal_cycle_days: number | null;
}

export function aeStats(db: SqlExecutor, p: AeStatsParams): Promise<AeStatsRow[]> {
  return runMetric(db, AE_STATS_SQL, p.schema, [...windowParams(p), p.aeId ?? null]);
}

/**
 * Sales engineers' close rate: opportunities opened in the window from an appointment the engineer
 * was on (as of `as_of`: the booking's engineer, or the one named by the latest reschedule that
 * named one), and how many of them were won (or lost) by `as_of`.
 * $1 as_of, $2 from, $3 to.
 */
export const SALES_ENGINEER_STATS_SQL = `WITH staffed AS (
  SELECT p.appointment_id, CASE WHEN last_change.found THEN last_change.se_id ELSE p.booked_se_id END AS se_id
  FROM metrics.appointments p
  LEFT JOIN LATERAL (
    SELECT true AS found, r.se_id FROM metrics.appointment_reschedules r
    WHERE r.appointment_id = p.appointment_id AND r.se_changed AND r.at <= $1::timestamptz
    ORDER BY r.at DESC LIMIT 1) last_change ON true
  WHERE p.booked_at <= $1::timestamptz
)
SELECT s.se_id, x.name,
       count(*)::int AS opportunities,
       count(*) FILTER (WHERE o.won_at <= $1::timestamptz)::int AS won,
       count(*) FILTER (WHERE o.lost_at <= $1::timestamptz)::int AS lost,
       count(*) FILTER (WHERE o.won_at <= $1::timestamptz)::float8 / count(*) AS close_rate
FROM metrics.opportunities o
JOIN staffed s ON s.appointment_id = o.appointment_id
LEFT JOIN metrics.aes x ON x.ae_id = s.se_id
WHERE s.se_id IS NOT NULL
  AND o.opened_at <= $1::timestamptz AND o.opened_at >= $2::timestamptz AND o.opened_at < $3::timestamptz
GROUP BY s.se_id, x.name
ORDER BY s.se_id`;

export interface SalesEngineerStatsRow {
  readonly se_id: string;
  readonly name: string | null;
  readonly opportunities: number;
  readonly won: number;
  readonly lost: number;
  readonly close_rate: number;
}

export function salesEngineerStats(db: SqlExecutor, p: MetricWindow): Promise<SalesEngineerStatsRow[]> {
  return runMetric(db, SALES_ENGINEER_STATS_SQL, p.schema, windowParams(p));
}
