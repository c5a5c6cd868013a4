import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { LEAD_DUPLICATE_FACTS, LEAD_FACTS } from './leads.tables';

/**
 * Lead sources or list vendors: for the leads captured in the window, the lead-to-opportunity rate
 * (leads with an opportunity by `as_of` / leads) and close rate (leads won by `as_of` / leads),
 * against the historical baseline: the same rates over the leads of every OTHER source (vendor)
 * captured before the window, as the list-vendor test compares a vendor with the others. Duplicate
 * captures the group sent in the window (merged into an existing lead and not split off again, as
 * known at `known_at`: a split-off capture is a lead of its own and counts there, once) are counted
 * beside.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 'source' | 'vendor'.
 */
export const SOURCE_QUALITY_SQL = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, ['captured_at', 'source', 'vendor_id', 'opportunity_at', 'won_at'])}
), duplicate_captures AS (
  ${foldAsOf(LEAD_DUPLICATE_FACTS, ['source', 'vendor_id', 'captured_at', 'unmerged_at'])}
), grouped AS (
  SELECT CASE WHEN $5::text = 'vendor' THEN l.vendor_id ELSE l.source END AS group_key, l.captured_at,
         l.opportunity_at IS NOT NULL AS opportunity, l.won_at IS NOT NULL AS won
  FROM leads l
  WHERE l.captured_at IS NOT NULL
), period AS (
  SELECT group_key, count(*) AS leads, count(*) FILTER (WHERE opportunity) AS opportunities, count(*) FILTER (WHERE won) AS won
  FROM grouped
  WHERE group_key IS NOT NULL AND captured_at >= $3::timestamptz AND captured_at < $4::timestamptz
  GROUP BY group_key
), history AS (
  SELECT group_key, count(*) AS leads, count(*) FILTER (WHERE opportunity) AS opportunities, count(*) FILTER (WHERE won) AS won
  FROM grouped
  WHERE group_key IS NOT NULL AND captured_at < $3::timestamptz
  GROUP BY group_key
), all_history AS (
  SELECT COALESCE(sum(leads), 0) AS leads, COALESCE(sum(opportunities), 0) AS opportunities, COALESCE(sum(won), 0) AS won
  FROM history
), duplicates AS (
  SELECT CASE WHEN $5::text = 'vendor' THEN d.vendor_id ELSE d.source END AS group_key, count(*) AS duplicates
  FROM duplicate_captures d
  WHERE d.captured_at >= $3::timestamptz AND d.captured_at < $4::timestamptz AND d.unmerged_at IS NULL
  GROUP BY 1
), combined AS (
  SELECT g.group_key,
         COALESCE(p.leads, 0) AS leads, COALESCE(d.duplicates, 0) AS duplicates,
         COALESCE(p.opportunities, 0) AS opportunities, COALESCE(p.won, 0) AS won,
         a.leads - COALESCE(h.leads, 0) AS baseline_leads,
         a.opportunities - COALESCE(h.opportunities, 0) AS baseline_opportunities,
         a.won - COALESCE(h.won, 0) AS baseline_won
  FROM (SELECT group_key FROM period UNION SELECT group_key FROM duplicates WHERE group_key IS NOT NULL) g
  LEFT JOIN period p ON p.group_key = g.group_key
  LEFT JOIN history h ON h.group_key = g.group_key
  LEFT JOIN duplicates d ON d.group_key = g.group_key
  CROSS JOIN all_history a
)
SELECT group_key, leads::int, duplicates::int, opportunities::int, won::int,
       opportunities::float8 / NULLIF(leads, 0) AS lead_to_opportunity_rate,
       won::float8 / NULLIF(leads, 0) AS close_rate,
       baseline_leads::int, baseline_opportunities::int, baseline_won::int,
       baseline_opportunities::float8 / NULLIF(baseline_leads, 0) AS baseline_lead_to_opportunity_rate,
       baseline_won::float8 / NULLIF(baseline_leads, 0) AS baseline_close_rate
FROM combined
ORDER BY group_key`;

export interface SourceQualityParams extends MetricWindow {
  readonly by: 'source' | 'vendor';
}

export interface SourceQualityRow {
  readonly group_key: string;
  readonly leads: number;
  readonly duplicates: number;
  readonly opportunities: number;
  readonly won: number;
  readonly lead_to_opportunity_rate: number | null;
  readonly close_rate: number | null;
  readonly baseline_leads: number;
  readonly baseline_opportunities: number;
  readonly baseline_won: number;
  readonly baseline_lead_to_opportunity_rate: number | null;
  readonly baseline_close_rate: number | null;
}

export function sourceQuality(db: SqlExecutor, p: SourceQualityParams): Promise<SourceQualityRow[]> {
  return runMetric(db, SOURCE_QUALITY_SQL, p.schema, [...windowParams(p), p.by]);
}
