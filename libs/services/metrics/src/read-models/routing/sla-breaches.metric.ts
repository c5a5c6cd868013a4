import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, known, runPage, windowParams, type MetricWindow, type Page, type PageRequest } from '../metric-sql';

/**
 * First-touch SLA breaches in the window (by breach time, as known at `known_at`), newest first,
 * with the SDR who breached, the lead and its eventual first touch (as of `as_of`). Team: the one the
 * lead was routed to (at its first assignment), not the SDR's team today.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 SDR filter, $6 team filter, $7 limit, $8 offset.
 */
export const SLA_BREACHES_SQL = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, ['captured_at', 'source', 'segment', 'team', 'first_touch_at', 'first_touch_sdr_id'])}
)
SELECT b.event_id, b.lead_id, b.sdr_id, s.name AS sdr_name, b.sla_due_at, b.breached_at,
       l.captured_at, l.source, l.segment, l.team, l.first_touch_at, l.first_touch_sdr_id,
       EXTRACT(EPOCH FROM l.first_touch_at - l.captured_at)::float8 AS latency_seconds,
       count(*) OVER ()::int AS total
FROM metrics.sla_breaches b
LEFT JOIN leads l ON l.lead_id = b.lead_id
LEFT JOIN metrics.sdrs s ON s.sdr_id = b.sdr_id
WHERE b.breached_at <= $1::timestamptz AND ${known('b')}
  AND b.breached_at >= $3::timestamptz AND b.breached_at < $4::timestamptz
  AND ($5::text IS NULL OR b.sdr_id = $5::text)
  AND ($6::text IS NULL OR l.team = $6::text)
ORDER BY b.breached_at DESC, b.event_id
LIMIT $7::int OFFSET $8::int`;

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
