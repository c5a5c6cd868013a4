import type { SqlExecutor } from '@leadline/event-store';
import { known, runMetric, windowParams, type Period, type MetricWindow } from '../metric-sql';

/**
 * SDR activity per bucket and SDR, each fact counted at its own business time and as known at
 * `known_at`, credited to the SDR who did the work: leads handed to the SDR (first assignments,
 * reassignments, and recycled leads reopened to an outbound SDR), calls / emails / social touches,
 * conversations (outcome connected, positive, negative or callback), contact rate (conversations over
 * activities), every qualification and disqualification (a lead re-qualified after recycling counts
 * for the SDR who re-qualified it), and appointments set (each booking credited to the SDR of the
 * lead's latest qualification before it).
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 period, $6 SDR filter, $7 team filter.
 */
export const SDR_STATS_SQL = `WITH facts AS (
  SELECT a.sdr_id, a.at, 'assigned' AS fact, NULL AS kind, false AS conversation
  FROM metrics.assignments a WHERE ${known('a')}
  UNION ALL
  SELECT a.sdr_id, a.at, 'activity', a.kind, a.outcome IN ('connected', 'positive', 'negative', 'callback')
  FROM metrics.activities a WHERE ${known('a')}
  UNION ALL
  SELECT f.qualified_sdr_id, f.qualified_at, 'qualified', NULL, false
  FROM metrics.lead_facts f WHERE f.event = 'LeadQualified' AND ${known('f')}
  UNION ALL
  SELECT f.disqualified_sdr_id, f.disqualified_at, 'disqualified', NULL, false
  FROM metrics.lead_facts f WHERE f.event = 'LeadDisqualified' AND ${known('f')}
  UNION ALL
  (SELECT DISTINCT ON (p.appointment_id) q.qualified_sdr_id, p.booked_at, 'appointment', NULL, false
   FROM metrics.appointment_facts p
   JOIN metrics.lead_facts q ON q.lead_id = p.lead_id AND q.event = 'LeadQualified' AND q.qualified_at <= p.booked_at AND ${known('q')}
   WHERE p.event = 'AppointmentBooked' AND ${known('p')}
   ORDER BY p.appointment_id, q.qualified_at DESC, q.log_position DESC)
), counts AS (
  SELECT to_char(date_trunc($5::text, f.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, f.sdr_id, s.name, s.team,
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
  WHERE f.at <= $1::timestamptz AND f.at >= $3::timestamptz AND f.at < $4::timestamptz
    AND ($6::text IS NULL OR f.sdr_id = $6::text) AND ($7::text IS NULL OR s.team = $7::text)
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
