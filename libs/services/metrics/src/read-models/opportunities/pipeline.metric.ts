import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, runMetric, runPage, scopeParams, type MetricScope, type Page, type PageRequest } from '../metric-sql';
import { OPPORTUNITY_FACTS } from './opportunities.read-model';
import { stageWeightsParam } from './stage-weights';

/**
 * Every opportunity as of `as_of` (as known at `known_at`) with an amount: the won amount of a won
 * deal; for an open deal, which no event gives an amount, an estimate: the average amount of the
 * deals won by `as_of` in its lead's segment (then, if that segment has none, over every segment);
 * none for a lost deal. `weight` is its stage's weight (STAGE_WEIGHTS, $3).
 */
const DEALS = `WITH opportunities AS (
  ${foldAsOf(OPPORTUNITY_FACTS, ['lead_id', 'opened_at', 'ae_id', 'stage_at', 'stage', 'won_at', 'amount', 'lost_at', 'lost_reason'])}
), leads AS (
  ${foldAsOf(LEAD_FACTS, ['segment', 'source', 'company_name'])}
), segment_sizes AS (
  SELECT l.segment, avg(o.amount) AS avg_amount
  FROM opportunities o LEFT JOIN leads l ON l.lead_id = o.lead_id
  WHERE o.won_at IS NOT NULL
  GROUP BY l.segment
), overall AS (
  SELECT avg(o.amount) AS avg_amount FROM opportunities o WHERE o.won_at IS NOT NULL
), weights AS (
  SELECT w.stage, w.weight FROM jsonb_to_recordset($3::jsonb) AS w(stage text, weight float8)
), deals AS (
  SELECT o.opportunity_id, o.lead_id, o.ae_id, o.stage, o.opened_at, o.stage_at, o.won_at, o.lost_at, o.lost_reason,
         l.segment, l.source, l.company_name, w.weight,
         o.won_at IS NULL AND o.lost_at IS NULL AS open,
         CASE WHEN o.won_at IS NOT NULL THEN o.amount
              WHEN o.lost_at IS NULL THEN COALESCE(s.avg_amount, a.avg_amount) END::float8 AS amount,
         CASE WHEN o.won_at IS NOT NULL THEN 'won'
              WHEN o.lost_at IS NOT NULL THEN NULL
              WHEN s.avg_amount IS NOT NULL THEN 'segment-average'
              WHEN a.avg_amount IS NOT NULL THEN 'overall-average' END AS amount_basis
  FROM opportunities o
  LEFT JOIN leads l ON l.lead_id = o.lead_id
  LEFT JOIN segment_sizes s ON s.segment IS NOT DISTINCT FROM l.segment
  CROSS JOIN overall a
  LEFT JOIN weights w ON w.stage = o.stage
  WHERE o.opened_at IS NOT NULL
)`;

/**
 * Pipeline value per open stage as of `as_of`: the open deals in it, their amounts (won deals'
 * sizes as the estimate, see above), the stage's weight and the weighted value (Σ amount × weight);
 * `stage` `all` is the whole open pipeline.
 * $1 as_of, $2 known_at, $3 stage weights, $4 AE filter, $5 segment filter.
 */
export const PIPELINE_VALUE_SQL = `${DEALS}
SELECT COALESCE(d.stage, 'all') AS stage,
       count(*)::int AS deals,
       count(d.amount)::int AS valued_deals,
       COALESCE(sum(d.amount), 0)::float8 AS amount,
       CASE WHEN GROUPING(d.stage) = 0 THEN max(d.weight) END::float8 AS weight,
       COALESCE(sum(d.amount * d.weight), 0)::float8 AS weighted_amount
FROM deals d
WHERE d.open AND ($4::text IS NULL OR d.ae_id = $4::text) AND ($5::text IS NULL OR d.segment = $5::text)
GROUP BY GROUPING SETS ((d.stage), ())
ORDER BY GROUPING(d.stage), array_position(ARRAY['discovery', 'demo', 'proposal', 'negotiation'], d.stage)`;

/**
 * Opportunities as of `as_of`, newest first, with the stage, owner, lead's segment and company as
 * of then, and the amount (won, or estimated for an open deal, see above) with its weighted value.
 * $1 as_of, $2 known_at, $3 stage weights, $4 stage, $5 AE, $6 segment, $7 minimum amount,
 * $8 maximum amount, $9 limit, $10 offset.
 */
export const OPPORTUNITY_LIST_SQL = `${DEALS}
SELECT d.opportunity_id, d.lead_id, d.company_name, d.segment, d.source, d.ae_id, d.stage, d.stage_at, d.opened_at,
       d.won_at, d.lost_at, d.lost_reason, d.amount, d.amount_basis,
       CASE WHEN d.open THEN d.weight END AS stage_weight,
       CASE WHEN d.open THEN d.amount * d.weight END AS weighted_amount,
       count(*) OVER ()::int AS total
FROM deals d
WHERE ($4::text IS NULL OR d.stage = $4::text)
  AND ($5::text IS NULL OR d.ae_id = $5::text)
  AND ($6::text IS NULL OR d.segment = $6::text)
  AND ($7::float8 IS NULL OR d.amount >= $7::float8)
  AND ($8::float8 IS NULL OR d.amount <= $8::float8)
ORDER BY d.opened_at DESC, d.opportunity_id
LIMIT $9::int OFFSET $10::int`;

export interface PipelineValueParams extends MetricScope {
  readonly aeId?: string;
  readonly segment?: string;
}

export interface PipelineValueRow {
  readonly stage: string;
  readonly deals: number;
  readonly valued_deals: number;
  readonly amount: number;
  readonly weight: number | null;
  readonly weighted_amount: number;
}

export function pipelineValue(db: SqlExecutor, p: PipelineValueParams): Promise<PipelineValueRow[]> {
  return runMetric(db, PIPELINE_VALUE_SQL, p.schema, [...scopeParams(p), stageWeightsParam(), p.aeId ?? null, p.segment ?? null]);
}

export interface OpportunityListParams extends MetricScope, PageRequest {
  readonly stage?: string;
  readonly aeId?: string;
  readonly segment?: string;
  readonly minAmount?: number;
  readonly maxAmount?: number;
}

export interface OpportunityListRow {
  readonly opportunity_id: string;
  readonly lead_id: string | null;
  readonly company_name: string | null;
  readonly segment: string | null;
  readonly source: string | null;
  readonly ae_id: string | null;
  readonly stage: string | null;
  readonly stage_at: Date | null;
  readonly opened_at: Date;
  readonly won_at: Date | null;
  readonly lost_at: Date | null;
  readonly lost_reason: string | null;
  readonly amount: number | null;
  readonly amount_basis: 'won' | 'segment-average' | 'overall-average' | null;
  readonly stage_weight: number | null;
  readonly weighted_amount: number | null;
}

export function opportunityList(db: SqlExecutor, p: OpportunityListParams): Promise<Page<OpportunityListRow>> {
  return runPage<OpportunityListRow & { total: number }>(
    db,
    OPPORTUNITY_LIST_SQL,
    p.schema,
    [...scopeParams(p), stageWeightsParam(), p.stage ?? null, p.aeId ?? null, p.segment ?? null, p.minAmount ?? null, p.maxAmount ?? null],
    p,
  );
}
