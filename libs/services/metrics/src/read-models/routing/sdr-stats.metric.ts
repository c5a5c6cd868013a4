import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type Period, type MetricWindow } from '../metric-sql';

/**
 * SDR activity per bucket and SDR, each fact counted at its own domain time: leads assigned
 * (first assignments and reassignments to the SDR), calls / emails / social touches, conversations
 * (outcome connected, positive, negative or callback), contact rate (conversations over activities),
 * leads qualified and disqualified, and appointments set (booked for a lead the SDR qualified).
 * $1 as_of, $2 from, $3 to, $4 period, $5 SDR filter, $6 team filter.
 */
export const SDR_STATS_SQL = `WITH facts AS (
  SELECT a.sdr_id, a.at, 'assigned' AS fact, NULL AS kind, false AS conversation FROM metrics.assignments a
  UNION ALL
  SELECT a.sdr_id, a.at, 'activity', a.kind, a.outcome IN ('connected', 'positive', 'negative', 'callback')
  FROM metrics.activities a
  UNION ALL
  SELECT l.qualified_sdr_id, l.qualified_at, 'qualified', NULL, false FROM metrics.leads l WHERE l.qualified_at IS NOT NULL
  UNION ALL
  SELECT l.disqualified_sdr_id, l.disqualified_at, 'disqualified', NULL, false FROM metrics.leads l WHERE l.disqualified_at IS NOT NULL
  UNION ALL
  SELECT l.qualified_sdr_id, p.booked_at, 'appointment', NULL, false
  FROM metrics.appointments p JOIN metrics.leads l ON l.lead_id = p.lead_id
  WHERE p.booked_at IS NOT NULL AND l.qualified_sdr_id IS NOT NULL
), counts AS (
  SELECT to_char(date_trunc($4::text, f.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, f.sdr_id, s.name, s.team,
         count(*) FILTER (WHERE f.fact = 'assigned') AS leads_assigned,
         count(*) FILTER (WHERE f.fact = 'activity' AND f.kind = 'call') AS calls,
         count(*) FILTER (WHERE f.fact = 'activity' AND f.kind = 'email') AS emails,
         count(*) FILTER (WHERE f.fact = 'activity' AND f.kind = 'social') AS social,
         count(*) FILTER (WHERE f.fact = 'activity') AS activities,
         count(*) FILTER (WHERE f.fact = 'activity' AND f.conversation) AS conversations,
         count(*) FILTER (WHERE f.fact = 'qualified') AS qualified,
         count(*) FILTER (WHERE f.fact = 'disqualified') AS disqualified,
         count(*) FILTER (WHERE f.fact = 'appointment') AS appointments_set
  FROM facts f LEFT JOIN metrics.sdrs s ON s.sdr_id = f.sdr_id
  WHERE f.at <= $1::timestamptz AND f.at >= $2::timestamptz AND f.at < $3::timestamptz
    AND ($5::text IS NULL OR f.sdr_id = $5::text) AND ($6::text IS NULL OR s.team = $6::text)
  GROUP BY 1, 2, 3, 4
)
SELECT bucket, sdr_id, name, team,
       leads_assigned::int, calls::int, emails::int, social::int, activities::int, conversations::int,
       conversations::float8 / NULLIF(activities, 0) AS contact_rate,
       qualified::int, disqualified::int, appointments_set::int
FROM counts
ORDER BY bucket, sdr_id`;

export interface SdrStatsParams extends MetricWindow {
  readonly period?: Period;
  readonly sdrId?: string;
  readonly team?: string;
}

export interface SdrStatsRow {
  readonly bucket: string;
  readonly sdr_id: string;
  readonly name: string | null;
  readonly team: string | null;
  readonly leads_assigned: number;
  readonly calls: number;
  readonly emails: number;
  readonly social: number;
  readonly activities: number;
  readonly conversations: number;
  readonly contact_rate: number | null;
  readonly qualified: number;
  readonly disqualified: number;
  readonly appointments_set: number;
}

export function sdrStats(db: SqlExecutor, p: SdrStatsParams): Promise<SdrStatsRow[]> {
  return runMetric(db, SDR_STATS_SQL, p.schema, [...windowParams(p), p.period ?? 'day', p.sdrId ?? null, p.team ?? null]);
}
