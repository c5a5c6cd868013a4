import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { LEAD_FACTS } from './leads.tables';

/**
 * Campaigns, by capture cohort: the leads captured in the window with the campaign id they arrived
 * with, and by `as_of` (as known at `known_at`): attempted (any activity logged), reached (a
 * conversation: outcome connected, positive, negative or callback), positive / negative / callback
 * (at least one activity with that outcome) and won. Outcomes come from the SDRs' activities on the
 * campaign's leads (the events carry no campaign outcome of their own). Reach rate = reached /
 * attempted; positive, negative and callback rates are over the reached leads; close rate = won / leads.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 campaign filter.
 */
export const CAMPAIGNS_SQL = `WITH leads AS (
  ${foldAsOf(
    LEAD_FACTS,
    ['captured_at', 'campaign_id', 'first_touch_at', 'contacted_at', 'positive_at', 'negative_at', 'callback_at', 'won_at'],
    ["count(*) FILTER (WHERE f.event = 'ActivityLogged') AS touches"],
  )}
), cohort AS (
  SELECT l.campaign_id,
         count(*) AS leads,
         count(l.first_touch_at) AS attempted,
         count(l.contacted_at) AS reached,
         count(l.positive_at) AS positive,
         count(l.negative_at) AS negative,
         count(l.callback_at) AS callback,
         count(l.won_at) AS won,
         sum(l.touches) AS touches
  FROM leads l
  WHERE l.campaign_id IS NOT NULL AND l.captured_at >= $3::timestamptz AND l.captured_at < $4::timestamptz
    AND ($5::text IS NULL OR l.campaign_id = $5::text)
  GROUP BY l.campaign_id
)
SELECT campaign_id, leads::int, touches::int, attempted::int, reached::int, positive::int, negative::int, callback::int, won::int,
       reached::float8 / NULLIF(attempted, 0) AS reach_rate,
       positive::float8 / NULLIF(reached, 0) AS positive_reach_rate,
       negative::float8 / NULLIF(reached, 0) AS negative_reach_rate,
       callback::float8 / NULLIF(reached, 0) AS callback_rate,
       won::float8 / NULLIF(leads, 0) AS close_rate
FROM cohort
ORDER BY campaign_id`;

export interface CampaignsParams extends MetricWindow {
  readonly campaignId?: string;
}

export interface CampaignRow {
  readonly campaign_id: string;
  readonly leads: number;
  readonly touches: number;
  readonly attempted: number;
  readonly reached: number;
  readonly positive: number;
  readonly negative: number;
  readonly callback: number;
  readonly won: number;
  readonly reach_rate: number | null;
  readonly positive_reach_rate: number | null;
  readonly negative_reach_rate: number | null;
  readonly callback_rate: number | null;
  readonly close_rate: number;
}

export function campaigns(db: SqlExecutor, p: CampaignsParams): Promise<CampaignRow[]> {
  return runMetric(db, CAMPAIGNS_SQL, p.schema, [...windowParams(p), p.campaignId ?? null]);
}
