import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, runMetric, windowParams, type MetricWindow, type Period } from '../metric-sql';
import { LEAD_FACTS } from './leads.tables';

/**
 * Lead funnel, by capture cohort: the leads captured in each bucket, and how many of them reached
 * each stage by `asOf`, as known at `knownAt`, sliced by their dimensions as they were at `asOf`.
 * Collapsed dimensions read `*`.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 period, $6..$9 split by segment / source / vendor / campaign,
 * $10..$13 optional filters on the same four.
 */
export const LEAD_FUNNEL_SQL = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, [
    'captured_at',
    'source',
    'vendor_id',
    'campaign_id',
    'segment',
    'contacted_at',
    'qualified_at',
    'appointment_at',
    'opportunity_at',
    'won_at',
  ])}
), cohort AS (
  SELECT to_char(date_trunc($5::text, l.captured_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS bucket,
         CASE WHEN $6::boolean THEN l.segment ELSE '*' END AS segment,
         CASE WHEN $7::boolean THEN l.source ELSE '*' END AS source,
         CASE WHEN $8::boolean THEN l.vendor_id ELSE '*' END AS vendor_id,
         CASE WHEN $9::boolean THEN l.campaign_id ELSE '*' END AS campaign_id,
         count(*) AS captured,
         count(l.contacted_at) AS contacted,
         count(l.qualified_at) AS qualified,
         count(l.appointment_at) AS appointment,
         count(l.opportunity_at) AS opportunity,
         count(l.won_at) AS won
  FROM leads l
  WHERE l.captured_at >= $3::timestamptz AND l.captured_at < $4::timestamptz
    AND ($10::text IS NULL OR l.segment = $10::text)
    AND ($11::text IS NULL OR l.source = $11::text)
    AND ($12::text IS NULL OR l.vendor_id = $12::text)
    AND ($13::text IS NULL OR l.campaign_id = $13::text)
  GROUP BY 1, 2, 3, 4, 5
)
SELECT bucket, segment, source, vendor_id, campaign_id,
       captured::int, contacted::int, qualified::int, appointment::int, opportunity::int, won::int,
       contacted::float8 / NULLIF(captured, 0) AS captured_to_contacted,
       qualified::float8 / NULLIF(contacted, 0) AS contacted_to_qualified,
       appointment::float8 / NULLIF(qualified, 0) AS qualified_to_appointment,
       opportunity::float8 / NULLIF(appointment, 0) AS appointment_to_opportunity,
       won::float8 / NULLIF(opportunity, 0) AS opportunity_to_won,
       opportunity::float8 / NULLIF(captured, 0) AS lead_to_opportunity,
       won::float8 / NULLIF(captured, 0) AS lead_to_won
FROM cohort
ORDER BY bucket, segment NULLS FIRST, source NULLS FIRST, vendor_id NULLS FIRST, campaign_id NULLS FIRST`;

export const FUNNEL_STAGES = ['captured', 'contacted', 'qualified', 'appointment', 'opportunity', 'won'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface LeadFunnelParams extends MetricWindow {
  readonly period?: Period;
  /** Dimensions to split by (without it, all four); the ones not set to true are collapsed to `*`. */
  readonly by?: { readonly segment?: boolean; readonly source?: boolean; readonly vendor?: boolean; readonly campaign?: boolean };
  readonly segment?: string;
  readonly source?: string;
  readonly vendorId?: string;
  readonly campaignId?: string;
}

export interface LeadFunnelRow extends Record<FunnelStage, number> {
  readonly bucket: string;
  readonly segment: string | null;
  readonly source: string | null;
  readonly vendor_id: string | null;
  readonly campaign_id: string | null;
  readonly captured_to_contacted: number | null;
  readonly contacted_to_qualified: number | null;
  readonly qualified_to_appointment: number | null;
  readonly appointment_to_opportunity: number | null;
  readonly opportunity_to_won: number | null;
  readonly lead_to_opportunity: number | null;
  readonly lead_to_won: number | null;
}

export function leadFunnel(db: SqlExecutor, p: LeadFunnelParams): Promise<LeadFunnelRow[]> {
  const by = p.by ?? { segment: true, source: true, vendor: true, campaign: true };
  return runMetric(db, LEAD_FUNNEL_SQL, p.schema, [
    ...windowParams(p),
    p.period ?? 'day',
    by.segment === true,
    by.source === true,
    by.vendor === true,
    by.campaign === true,
    p.segment ?? null,
    p.source ?? null,
    p.vendorId ?? null,
    p.campaignId ?? null,
  ]);
}

/** Conversion between any two stages of funnel rows (e.g. qualified → won): later over earlier, null on zero. */
export function conversion(row: Record<FunnelStage, number>, from: FunnelStage, to: FunnelStage): number | null {
  return row[from] === 0 ? null : row[to] / row[from];
}
