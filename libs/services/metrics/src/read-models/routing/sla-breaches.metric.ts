import type { SqlExecutor } from '@leadline/event-store';
import { runPage, windowParams, type MetricWindow, type Page, type PageRequest } from '../metric-sql';

/**
 * First-touch SLA breaches in the window (by breach time), newest first, with the SDR who breached,
 * the lead and its eventual first touch (as of `as_of`). Team: the one the lead was routed to (at its
 * first assignment), not the SDR's team today.
 * $1 as_of, $2 from, $3 to, $4 SDR filter, $5 team filter, $6 limit, $7 offset.
 */
export const SLA_BREACHES_SQL = `SELECT b.event_id, b.lead_id, b.sdr_id, s.name AS sdr_name, b.sla_due_at, b.breached_at,
       l.captured_at, l.source, l.segment, l.team,
       CASE WHEN l.first_touch_at <= $1::timestamptz THEN l.first_touch_at END AS first_touch_at,
       CASE WHEN l.first_touch_at <= $1::timestamptz THEN l.first_touch_sdr_id END AS first_touch_sdr_id,
       CASE WHEN l.first_touch_at <= $1::timestamptz
            THEN EXTRACT(EPOCH FROM l.first_touch_at - l.captured_at)::float8 END AS latency_seconds,
       count(*) OVER ()::int AS total
FROM metrics.sla_breaches b
LEFT JOIN metrics.leads l ON l.lead_id = b.lead_id
LEFT JOIN metrics.sdrs s ON s.sdr_id = b.sdr_id
WHERE b.breached_at <= $1::timestamptz AND b.breached_at >= $2::timestamptz AND b.breached_at < $3::timestamptz
  AND ($4::text IS NULL OR b.sdr_id = $4::text)
  AND ($5::text IS NULL OR l.team = $5::text)
ORDER BY b.breached_at DESC, b.event_id
LIMIT $6::int OFFSET $7::int`;

export interface SlaBreachesParams extends MetricWindow, PageRequest {
  readonly sdrId?: string;
  readonly team?: string;
}

export interface SlaBreachRow {
  readonly event_id: string;
  readonly lead_id: string | null;
  readonly sdr_id: string | null;
  readonly sdr_name: string | null;
  readonly sla_due_at: Date | null;
  readonly breached_at: Date;
  readonly captured_at: Date | null;
  readonly source: string | null;
  readonly segment: string | null;
  readonly team: string | null;
  readonly first_touch_at: Date | null;
  readonly first_touch_sdr_id: string | null;
  readonly latency_seconds: number | null;
}

export function slaBreaches(db: SqlExecutor, p: SlaBreachesParams): Promise<Page<SlaBreachRow>> {
  return runPage<SlaBreachRow & { total: number }>(
    db,
    SLA_BREACHES_SQL,
    p.schema,
    [...windowParams(p), p.sdrId ?? null, p.team ?? null],
    p,
  );
}
