import { DEFAULT_FIRST_TOUCH_SLA } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow, type Period } from '../metric-sql';

/** The routing service's default first-touch deadline (the 5-minute rule), the SLA speed to lead is measured against. */
export const DEFAULT_SLA_SECONDS = DEFAULT_FIRST_TOUCH_SLA.defaultMinutes * 60;

/** Which rule a lead's first touch is held to: only `inbound` leads are under the 5-minute rule. */
export const SPEED_SCOPES = ['inbound', 'outbound', 'f-graded', 'vendor-held'] as const;
export type SpeedScope = (typeof SPEED_SCOPES)[number];

/**
 * Speed to lead, by capture cohort, per scope: `inbound` (the leads the 5-minute rule is about),
 * `outbound`, `f-graded` (not worked) and `vendor-held` (a list vendor's lead neither released nor
 * routed: it waits for its vendor's sample test), each as
 * the lead stood at `as_of` (grade, hold) as known at `known_at`. Per bucket and scope, overall
 * (`all`), per team (the queue the lead was routed to) and per SDR (who made the first touch; for
 * a lead not yet touched, its owner as of `as_of`): time to first attempt (first activity of any
 * kind) and to first conversation (first activity whose outcome is connected, positive, negative
 * or callback), each from the moment the lead could be worked (capture, or the release of its
 * vendor list); the shares within the SLA over every lead of the row (untouched ones count as
 * late); attempts (activities logged) per lead; and first-touch SLA breaches (of the SDR who held
 * the lead at the deadline).
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 period, $6 SLA seconds, $7 team filter, $8 SDR filter, $9 scope filter.
 */
export const SPEED_TO_LEAD_SQL = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, [
    'captured_at',
    'inbound',
    'vendor_id',
    'vendor_released_at',
    'grade',
    'team',
    'sdr_id',
    'first_touch_at',
    'first_touch_sdr_id',
    'contacted_at',
  ])}
), cohort AS (
  SELECT l.lead_id, l.captured_at, l.team,
         CASE WHEN l.grade = 'F' THEN 'f-graded'
              WHEN l.vendor_id IS NOT NULL AND l.vendor_released_at IS NULL AND l.team IS NULL THEN 'vendor-held'
              WHEN l.inbound THEN 'inbound'
              ELSE 'outbound' END AS scope,
         COALESCE(l.first_touch_sdr_id, l.sdr_id) AS sdr_id,
         EXTRACT(EPOCH FROM l.first_touch_at - GREATEST(l.captured_at, l.vendor_released_at))::float8 AS attempt_seconds,
         EXTRACT(EPOCH FROM l.contacted_at - GREATEST(l.captured_at, l.vendor_released_at))::float8 AS conversation_seconds,
         (SELECT count(*) FROM metrics.activities a
          WHERE a.lead_id = l.lead_id AND a.at <= $1::timestamptz AND ${known('a')}) AS attempts
  FROM leads l
  WHERE l.captured_at >= $3::timestamptz AND l.captured_at < $4::timestamptz
), facts AS (
  SELECT c.captured_at, c.scope, c.team, c.sdr_id, c.attempt_seconds, c.conversation_seconds, c.attempts, false AS breach
  FROM cohort c
  UNION ALL
  SELECT c.captured_at, c.scope, c.team, b.sdr_id, NULL, NULL, 0, true
  FROM metrics.sla_breaches b JOIN cohort c ON c.lead_id = b.lead_id
  WHERE b.breached_at <= $1::timestamptz AND ${known('b')}
), bucketed AS (
  SELECT to_char(date_trunc($5::text, captured_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket, scope, team, sdr_id,
         attempt_seconds, conversation_seconds, attempts, breach
  FROM facts
  WHERE ($7::text IS NULL OR team = $7::text) AND ($8::text IS NULL OR sdr_id = $8::text) AND ($9::text IS NULL OR scope = $9::text)
), stats AS (
  SELECT bucket, scope,
         CASE WHEN GROUPING(team) = 1 THEN 'all' WHEN GROUPING(sdr_id) = 1 THEN 'team' ELSE 'sdr' END AS level,
         team, sdr_id,
         count(*) FILTER (WHERE NOT breach) AS leads,
         count(attempt_seconds) AS touched,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY attempt_seconds) AS median_seconds,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY attempt_seconds) AS p90_seconds,
         count(*) FILTER (WHERE attempt_seconds <= $6::float8) AS within_sla,
         count(conversation_seconds) AS reached,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY conversation_seconds) AS median_conversation_seconds,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY conversation_seconds) AS p90_conversation_seconds,
         count(*) FILTER (WHERE conversation_seconds <= $6::float8) AS reached_within_sla,
         sum(attempts) AS attempts,
         count(*) FILTER (WHERE breach) AS breaches
  FROM bucketed
  GROUP BY GROUPING SETS ((bucket, scope), (bucket, scope, team), (bucket, scope, team, sdr_id))
)
SELECT bucket, scope, level, team, sdr_id,
       leads::int, touched::int, median_seconds, p90_seconds,
       within_sla::int, within_sla::float8 / NULLIF(leads, 0) AS share_within_sla,
       reached::int, median_conversation_seconds, p90_conversation_seconds,
       reached_within_sla::int, reached_within_sla::float8 / NULLIF(leads, 0) AS share_reached_within_sla,
       attempts::int, attempts::float8 / NULLIF(leads, 0) AS attempts_per_lead,
       breaches::int
FROM stats
WHERE level = 'all' OR team IS NOT NULL
ORDER BY bucket, array_position(ARRAY['inbound', 'outbound', 'f-graded', 'vendor-held'], scope),
         CASE level WHEN 'all' THEN 0 WHEN 'team' THEN 1 ELSE 2 END, team, sdr_id NULLS FIRST`;

export interface SpeedToLeadParams extends MetricWindow {
  readonly period?: Period;
  /** The first-touch SLA: latency at or under it counts as within (default DEFAULT_SLA_SECONDS). */
  readonly slaSeconds?: number;
  readonly team?: string;
  readonly sdrId?: string;
  readonly scope?: SpeedScope;
}

export interface SpeedToLeadRow {
  readonly bucket: string;
  readonly scope: SpeedScope;
  readonly level: 'all' | 'team' | 'sdr';
  readonly team: string | null;
  readonly sdr_id: string | null;
  readonly leads: number;
  readonly touched: number;
  readonly median_seconds: number | null;
  readonly p90_seconds: number | null;
  readonly within_sla: number;
  readonly share_within_sla: number | null;
  readonly reached: number;
  readonly median_conversation_seconds: number | null;
  readonly p90_conversation_seconds: number | null;
  readonly reached_within_sla: number;
  readonly share_reached_within_sla: number | null;
  readonly attempts: number;
  readonly attempts_per_lead: number | null;
  readonly breaches: number;
}

export function speedToLead(db: SqlExecutor, p: SpeedToLeadParams): Promise<SpeedToLeadRow[]> {
  return runMetric(db, SPEED_TO_LEAD_SQL, p.schema, [
    ...windowParams(p),
    p.period ?? 'day',
    p.slaSeconds ?? DEFAULT_SLA_SECONDS,
    p.team ?? null,
    p.sdrId ?? null,
    p.scope ?? null,
  ]);
}
