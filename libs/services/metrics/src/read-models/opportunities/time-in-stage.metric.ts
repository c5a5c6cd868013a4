import type { SqlExecutor } from '@leadline/event-store';
import { known, runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * A stay in a stage runs from the event that entered it (opened → discovery, a stage change → its
 * `to`) to the next stage change, win or loss of the same opportunity; a stay still open at
 * `as_of` counts up to `as_of`. A stage visited twice adds up. Same rule as the domain's
 * `timeInStages`. Deals: opportunities opened in the window. As known at `known_at`: a stage change
 * recorded later does not shorten a stay as it was known then.
 */
const STAYS = `WITH steps AS (
  SELECT e.opportunity_id, e.to_stage AS stage, e.at,
         LEAD(e.at) OVER (PARTITION BY e.opportunity_id
                          ORDER BY e.at, CASE e.kind WHEN 'opened' THEN 0 WHEN 'stage' THEN 1 ELSE 2 END, e.event_id) AS left_at
  FROM metrics.opportunity_events e
  WHERE e.kind IN ('opened', 'stage', 'won', 'lost') AND e.at <= $1::timestamptz AND ${known('e')}
), opened AS (
  SELECT e.opportunity_id, e.lead_id, e.at AS opened_at
  FROM metrics.opportunity_events e
  WHERE e.kind = 'opened' AND e.at <= $1::timestamptz AND ${known('e')}
), stays AS (
  SELECT s.opportunity_id, s.stage,
         sum(EXTRACT(EPOCH FROM COALESCE(s.left_at, $1::timestamptz) - s.at)) AS seconds,
         bool_and(s.left_at IS NOT NULL) AS completed
  FROM steps s
  WHERE s.stage IN ('discovery', 'demo', 'proposal', 'negotiation')
  GROUP BY s.opportunity_id, s.stage
)`;

/**
 * Per deal: seconds in each open stage and the stage it is in as of `as_of`.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 opportunity filter.
 */
export const TIME_IN_STAGE_PER_DEAL_SQL = `${STAYS}
SELECT o.opportunity_id, o.lead_id, o.opened_at,
       (SELECT e.to_stage FROM metrics.opportunity_events e
        WHERE e.opportunity_id = o.opportunity_id AND e.kind IN ('opened', 'stage', 'won', 'lost') AND e.at <= $1::timestamptz
          AND ${known('e')}
        ORDER BY e.at DESC, CASE e.kind WHEN 'opened' THEN 0 WHEN 'stage' THEN 1 ELSE 2 END DESC, e.event_id DESC LIMIT 1) AS stage,
       COALESCE(sum(s.seconds) FILTER (WHERE s.stage = 'discovery'), 0)::float8 AS discovery_seconds,
       COALESCE(sum(s.seconds) FILTER (WHERE s.stage = 'demo'), 0)::float8 AS demo_seconds,
       COALESCE(sum(s.seconds) FILTER (WHERE s.stage = 'proposal'), 0)::float8 AS proposal_seconds,
       COALESCE(sum(s.seconds) FILTER (WHERE s.stage = 'negotiation'), 0)::float8 AS negotiation_seconds
FROM opened o
LEFT JOIN stays s ON s.opportunity_id = o.opportunity_id
WHERE o.opened_at >= $3::timestamptz AND o.opened_at < $4::timestamptz
  AND ($5::text IS NULL OR o.opportunity_id = $5::text)
GROUP BY o.opportunity_id, o.lead_id, o.opened_at
ORDER BY o.opened_at, o.opportunity_id`;

/**
 * Per stage, over the deals that entered it: the average stay (open stays counted up to `as_of`)
 * and the average over completed stays only. $1 as_of, $2 known_at, $3 from, $4 to.
 */
export const TIME_IN_STAGE_AVERAGE_SQL = `${STAYS}
SELECT s.stage,
       count(*)::int AS deals,
       avg(s.seconds)::float8 AS avg_seconds,
       count(*) FILTER (WHERE s.completed)::int AS completed_deals,
       (avg(s.seconds) FILTER (WHERE s.completed))::float8 AS avg_completed_seconds
FROM stays s JOIN opened o ON o.opportunity_id = s.opportunity_id
WHERE o.opened_at >= $3::timestamptz AND o.opened_at < $4::timestamptz
GROUP BY s.stage
ORDER BY array_position(ARRAY['discovery', 'demo', 'proposal', 'negotiation'], s.stage)`;

export interface TimeInStagePerDealParams extends MetricWindow {
  readonly opportunityId?: string;
}

export interface TimeInStagePerDealRow {
  readonly opportunity_id: string;
  readonly lead_id: string | null;
  readonly opened_at: Date;
  readonly stage: string | null;
  readonly discovery_seconds: number;
  readonly demo_seconds: number;
  readonly proposal_seconds: number;
  readonly negotiation_seconds: number;
}

export interface TimeInStageAverageRow {
  readonly stage: string;
  readonly deals: number;
  readonly avg_seconds: number;
  readonly completed_deals: number;
  readonly avg_completed_seconds: number | null;
}

export function timeInStagePerDeal(db: SqlExecutor, p: TimeInStagePerDealParams): Promise<TimeInStagePerDealRow[]> {
  return runMetric(db, TIME_IN_STAGE_PER_DEAL_SQL, p.schema, [...windowParams(p), p.opportunityId ?? null]);
}

export function timeInStageAverage(db: SqlExecutor, p: MetricWindow): Promise<TimeInStageAverageRow[]> {
  return runMetric(db, TIME_IN_STAGE_AVERAGE_SQL, p.schema, windowParams(p));
}
