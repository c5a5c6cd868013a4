import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * Campaigns, by capture cohort: the leads captured in the window with the campaign id they arrived
 * with, and by `as_of`: attempted (any activity logged), reached (a conversation: outcome connected,
 * positive, negative or callback), positive / negative / callback (at least one activity with that
 * outcome) and won. Outcomes come from the SDRs' activities on the campaign's leads (the events
 * carry no campaign outcome of their own). Reach rate = reached / attempted; positive, negative and
 * callback rates are over the reached leads; close rate = won / leads.
 * $1 as_of, $2 from, $3 to, $4 campaign filter.
 */
export const CAMPAIGNS_SQL = `WITH cohort AS (
  SELECT l.campaign_id,
         count(*) AS leads,
         count(*) FILTER (WHERE l.first_touch_at <= $1::timestamptz) AS attempted,
         count(*) FILTER (WHERE l.contacted_at <= $1::timestamptz) AS reached,
         count(*) FILTER (WHERE l.positive_at <= $1::timestamptz) AS positive,
         count(*) FILTER (WHERE l.negative_at <= $1::timestamptz) AS negative,
         count(*) FILTER (WHERE l.callback_at <= $1::timestamptz) AS callback,
         count(*) FILTER (WHERE l.won_at <= $1::timestamptz) AS won,
         sum((SELECT count(*) FROM metrics.activities a WHERE a.lead_id = l.lead_id AND a.at <= $1::timestamptz)) AS touches
  FROM metrics.leads l
  WHERE l.campaign_id IS NOT NULL
    AND l.captured_at <= $1::timestamptz AND l.captured_at >= $2::timestamptz AND l.captured_at < $3::timestamptz
    AND ($4::text IS NULL OR l.campaign_id = $4::text)
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
