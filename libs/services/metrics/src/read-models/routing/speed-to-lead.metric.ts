import { DEFAULT_FIRST_TOUCH_SLA } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type Period, type MetricWindow } from '../metric-sql';

/** The routing service's default first-touch deadline (the 5-minute rule), the SLA speed to lead is measured against. */
export const DEFAULT_SLA_SECONDS = DEFAULT_FIRST_TOUCH_SLA.defaultMinutes * 60;

/**
 * Speed to lead, by capture cohort: first-touch latency (first logged activity minus capture)
 * per bucket, overall (`all`), per team and per SDR (the SDR who made the first touch; for a lead
 * not yet touched, its owner as of `as_of`). Untouched leads count in `leads` but have no latency.
 * $1 as_of, $2 from, $3 to, $4 period, $5 SLA seconds, $6 team filter, $7 SDR filter.
 */
export const SPEED_TO_LEAD_SQL = `WITH facts AS (
  SELECT l.captured_at,
         CASE WHEN l.assigned_at <= $1::timestamptz THEN l.team END AS team,
         CASE WHEN l.first_touch_at <= $1::timestamptz THEN l.first_touch_sdr_id
              ELSE (SELECT a.sdr_id FROM metrics.assignments a
                    WHERE a.lead_id = l.lead_id AND a.at <= $1::timestamptz
                    ORDER BY a.at DESC, a.kind DESC LIMIT 1) END AS sdr_id,
         CASE WHEN l.first_touch_at <= $1::timestamptz
              THEN EXTRACT(EPOCH FROM l.first_touch_at - l.captured_at)::float8 END AS latency_seconds,
         false AS breach
  FROM metrics.leads l
  WHERE l.captured_at >= $2::timestamptz AND l.captured_at < $3::timestamptz AND l.captured_at <= $1::timestamptz
  UNION ALL
  SELECT l.captured_at, l.team, b.sdr_id, NULL, true
  FROM metrics.sla_breaches b JOIN metrics.leads l ON l.lead_id = b.lead_id
  WHERE b.breached_at <= $1::timestamptz
    AND l.captured_at >= $2::timestamptz AND l.captured_at < $3::timestamptz AND l.captured_at <= $1::timestamptz
), bucketed AS (
  SELECT to_char(date_trunc($4::text, captured_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, team, sdr_id, latency_seconds, breach
  FROM facts
  WHERE ($6::text IS NULL OR team = $6::text) AND ($7::text IS NULL OR sdr_id = $7::text)
)
SELECT bucket,
       CASE WHEN GROUPING(team) = 1 THEN 'all' WHEN GROUPING(sdr_id) = 1 THEN 'team' ELSE 'sdr' END AS level,
       team, sdr_id,
       count(*) FILTER (WHERE NOT breach)::int AS leads,
       count(latency_seconds)::int AS touched,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_seconds) AS median_seconds,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY latency_seconds) AS p90_seconds,
       count(*) FILTER (WHERE latency_seconds <= $5::float8)::int AS within_sla,
       count(*) FILTER (WHERE latency_seconds <= $5::float8)::float8 / NULLIF(count(*) FILTER (WHERE NOT breach), 0) AS share_within_sla,
       count(*) FILTER (WHERE breach)::int AS breaches
FROM bucketed
GROUP BY GROUPING SETS ((bucket), (bucket, team), (bucket, team, sdr_id))
ORDER BY bucket, GROUPING(team) DESC, team NULLS FIRST, GROUPING(sdr_id) DESC, sdr_id NULLS FIRST`;

export interface SpeedToLeadParams extends MetricWindow {
  readonly period?: Period;
  /** The first-touch SLA: latency at or under it counts as within (default DEFAULT_SLA_SECONDS). */
  readonly slaSeconds?: number;
  readonly team?: string;
  readonly sdrId?: string;
}

export interface SpeedToLeadRow {
  readonly bucket: string;
  readonly level: 'all' | 'team' | 'sdr';
  readonly team: string | null;
  readonly sdr_id: string | null;
  readonly leads: number;
  readonly touched: number;
  readonly median_seconds: number | null;
  readonly p90_seconds: number | null;
  readonly within_sla: number;
  readonly share_within_sla: number | null;
  readonly breaches: number;
}

export function speedToLead(db: SqlExecutor, p: SpeedToLeadParams): Promise<SpeedToLeadRow[]> {
  return runMetric(db, SPEED_TO_LEAD_SQL, p.schema, [
    ...windowParams(p),
    p.period ?? 'day',
    p.slaSeconds ?? DEFAULT_SLA_SECONDS,
    p.team ?? null,
    p.sdrId ?? null,
  ]);
}
