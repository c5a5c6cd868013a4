import type { SqlExecutor } from '@leadline/event-store';
import { CUSTOMER_FACTS } from '../customers/customers.read-model';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * CAC per spend month, currency, channel and campaign (either collapsed to `*` when not split by
 * it). The spend: entries entered by `as_of` (as known at `known_at`) for the month. The customers
 * it bought: those created in the month whose lead matches what a spend entry of the slice names
 * (its lead source, list vendor and campaign, each when named), counted once however many entries
 * match. A slice whose entries name none of the three cannot be attributed: its customers and CAC
 * are null (the blended CAC still counts its money). Cost per qualified lead: the same over leads
 * first qualified in the month.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 split by channel, $6 split by campaign, $7 channel filter, $8 campaign filter.
 */
export const CAC_BY_CHANNEL_SQL = `WITH spend AS (
  SELECT s.period, s.currency,
         CASE WHEN $5::boolean THEN s.channel ELSE '*' END AS channel,
         CASE WHEN $6::boolean THEN s.campaign_id ELSE '*' END AS campaign_id,
         s.source, s.vendor_id, s.campaign_id AS spent_on_campaign, s.amount,
         s.source IS NOT NULL OR s.vendor_id IS NOT NULL OR s.campaign_id IS NOT NULL AS attributable
  FROM metrics.spend s
  WHERE s.at <= $1::timestamptz AND ${known('s')}
    AND ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') >= $3::timestamptz
    AND ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') < $4::timestamptz
    AND ($7::text IS NULL OR s.channel = $7::text)
    AND ($8::text IS NULL OR s.campaign_id = $8::text)
), leads AS (
  ${foldAsOf(LEAD_FACTS, ['source', 'vendor_id', 'campaign_id', 'qualified_at'])}
), customers AS (
  ${foldAsOf(CUSTOMER_FACTS, ['lead_id', 'created_at'])}
), matched AS (
  SELECT s.period, s.currency, s.channel, s.campaign_id, l.lead_id, l.qualified_at
  FROM spend s JOIN leads l
    ON s.attributable AND (s.source IS NULL OR l.source = s.source) AND (s.vendor_id IS NULL OR l.vendor_id = s.vendor_id)
   AND (s.spent_on_campaign IS NULL OR l.campaign_id = s.spent_on_campaign)
), bought AS (
  SELECT m.period, m.currency, m.channel, m.campaign_id,
         count(DISTINCT c.customer_id) FILTER (WHERE to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM') = m.period) AS customers,
         count(DISTINCT m.lead_id) FILTER (WHERE to_char(m.qualified_at AT TIME ZONE 'UTC', 'YYYY-MM') = m.period) AS qualified
  FROM matched m LEFT JOIN customers c ON c.lead_id = m.lead_id
  GROUP BY 1, 2, 3, 4
), slices AS (
  SELECT period, currency, channel, campaign_id, sum(amount) AS spend, bool_or(attributable) AS attributable
  FROM spend
  GROUP BY 1, 2, 3, 4
)
SELECT s.period AS month, s.currency, s.channel, s.campaign_id, s.spend::float8 AS spend,
       CASE WHEN s.attributable THEN COALESCE(b.customers, 0)::int END AS new_customers,
       CASE WHEN s.attributable THEN (s.spend / NULLIF(b.customers, 0))::float8 END AS cac,
       CASE WHEN s.attributable THEN COALESCE(b.qualified, 0)::int END AS qualified_leads,
       CASE WHEN s.attributable THEN (s.spend / NULLIF(b.qualified, 0))::float8 END AS cost_per_qualified_lead
FROM slices s
LEFT JOIN bought b ON b.period = s.period AND b.currency = s.currency AND b.channel = s.channel
                  AND b.campaign_id IS NOT DISTINCT FROM s.campaign_id
ORDER BY s.period, s.currency, s.channel, s.campaign_id NULLS FIRST`;

export interface CacByChannelParams extends MetricWindow {
  readonly by?: { readonly channel?: boolean; readonly campaign?: boolean };
  readonly channel?: string;
  readonly campaignId?: string;
}

export interface CacByChannelRow {
  readonly month: string;
  readonly currency: string;
  readonly channel: string;
  readonly campaign_id: string | null;
  readonly spend: number;
  readonly new_customers: number | null;
  readonly cac: number | null;
  readonly qualified_leads: number | null;
  readonly cost_per_qualified_lead: number | null;
}

export function cacByChannel(db: SqlExecutor, p: CacByChannelParams): Promise<CacByChannelRow[]> {
  const by = p.by ?? { channel: true, campaign: true };
  return runMetric(db, CAC_BY_CHANNEL_SQL, p.schema, [
    ...windowParams(p),
    by.channel === true,
    by.campaign === true,
    p.channel ?? null,
    p.campaignId ?? null,
  ]);
}
