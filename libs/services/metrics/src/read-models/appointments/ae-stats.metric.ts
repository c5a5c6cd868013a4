import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { OPPORTUNITY_FACTS } from '../opportunities/opportunities.read-model';
import { APPOINTMENT_FACTS } from './appointments.read-model';

/**
 * Account executives over a window, as of `as_of` and as known at `known_at`. Appointments booked in
 * the window belong to the AE holding them as of `as_of` (the booking AE, or the AE of the latest
 * reschedule); opportunities belong to their owner as of `as_of` (opener, or the AE of the latest
 * handover) and count as received in the window when that owner got them in it. Rates are over
 * those cohorts, with outcomes up to `as_of`. `open_deals` is every opportunity the AE owns and has
 * neither won nor lost as of `as_of`. The AEs listed: every demo guru and hunter on the roster by
 * `as_of` (role as of then), and anyone holding one of the appointments or deals.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 AE filter.
 */
export const AE_STATS_SQL = `WITH appointments AS (
  ${foldAsOf(APPOINTMENT_FACTS, ['booked_at', 'ae_id', 'held_at', 'no_show_at', 'cancelled_at', 'outcome_at', 'moved_forward'])}
), appointment_stats AS (
  SELECT p.ae_id,
         count(*) AS booked,
         count(p.held_at) AS held,
         count(p.no_show_at) AS no_shows,
         count(p.cancelled_at) AS cancelled,
         count(p.outcome_at) AS demos,
         count(*) FILTER (WHERE p.outcome_at IS NOT NULL AND p.moved_forward) AS moved_forward
  FROM appointments p
  WHERE p.booked_at >= $3::timestamptz AND p.booked_at < $4::timestamptz
  GROUP BY p.ae_id
), opportunities AS (
  ${foldAsOf(OPPORTUNITY_FACTS, ['lead_id', 'opened_at', 'owner_since', 'ae_id', 'won_at', 'lost_at', 'amount', 'margin'])}
), opportunity_stats AS (
  SELECT o.ae_id,
         count(*) FILTER (WHERE o.won_at IS NULL AND o.lost_at IS NULL) AS open_deals,
         count(*) FILTER (WHERE o.received) AS received,
         count(*) FILTER (WHERE o.received AND o.won_at IS NOT NULL) AS won,
         count(*) FILTER (WHERE o.received AND o.lost_at IS NOT NULL) AS lost,
         avg(o.amount) FILTER (WHERE o.received AND o.won_at IS NOT NULL) AS avg_deal_size,
         avg(o.margin) FILTER (WHERE o.received AND o.won_at IS NOT NULL) AS avg_margin,
         avg(EXTRACT(EPOCH FROM o.won_at - o.captured_at) / 86400) FILTER (WHERE o.received) AS avg_sales_cycle_days,
         avg(EXTRACT(EPOCH FROM o.won_at - o.opened_at) / 86400) FILTER (WHERE o.received) AS avg_deal_cycle_days
  FROM (
    SELECT o.*, o.owner_since >= $3::timestamptz AND o.owner_since < $4::timestamptz AS received, c.captured_at
    FROM opportunities o
    LEFT JOIN (SELECT f.lead_id, min(f.captured_at) AS captured_at FROM metrics.lead_facts f
               WHERE f.event = 'LeadCaptured' AND ${known('f')} GROUP BY f.lead_id) c ON c.lead_id = o.lead_id
    WHERE o.opened_at IS NOT NULL) o
  GROUP BY o.ae_id
), roster AS (
  SELECT DISTINCT ON (r.ae_id) r.ae_id, r.role
  FROM metrics.ae_profiles r
  WHERE r.at <= $1::timestamptz AND ${known('r')}
  ORDER BY r.ae_id, r.at DESC, r.log_position DESC
), people AS (
  SELECT ae_id FROM roster WHERE role IS DISTINCT FROM 'sales-engineer'
  UNION SELECT ae_id FROM appointment_stats
  UNION SELECT ae_id FROM opportunity_stats
)
SELECT p.ae_id, x.name, r.role,
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
LEFT JOIN roster r ON r.ae_id = p.ae_id
LEFT JOIN appointment_stats a ON a.ae_id = p.ae_id
LEFT JOIN opportunity_stats s ON s.ae_id = p.ae_id
WHERE $5::text IS NULL OR p.ae_id = $5::text
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
 * named one), and how many of them were won (or lost) by `as_of`, as known at `known_at`.
 * $1 as_of, $2 known_at, $3 from, $4 to.
 */
export const SALES_ENGINEER_STATS_SQL = `WITH appointments AS (
  ${foldAsOf(APPOINTMENT_FACTS, ['booked_at', 'se_id'])}
), opportunities AS (
  ${foldAsOf(OPPORTUNITY_FACTS, ['appointment_id', 'opened_at', 'won_at', 'lost_at'])}
)
SELECT s.se_id, x.name,
       count(*)::int AS opportunities,
       count(o.won_at)::int AS won,
       count(o.lost_at)::int AS lost,
       count(o.won_at)::float8 / count(*) AS close_rate
FROM opportunities o
JOIN appointments s ON s.appointment_id = o.appointment_id AND s.booked_at IS NOT NULL
LEFT JOIN metrics.aes x ON x.ae_id = s.se_id
WHERE s.se_id IS NOT NULL AND o.opened_at >= $3::timestamptz AND o.opened_at < $4::timestamptz
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
