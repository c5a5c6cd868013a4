import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, runPage, scopeParams, type MetricScope, type Page, type PageRequest } from '../metric-sql';
import { LEAD_FACTS } from './leads.tables';

/**
 * Leads as of `as_of` (as known at `known_at`), newest capture first: the stage after their latest
 * step, their owner, dimensions and grade as of then, and the company they came from. `company`
 * matches a part of the company's name or domain, in any case.
 * $1 as_of, $2 known_at, $3 stage, $4 owner (SDR), $5 source, $6 grade, $7 company, $8 segment,
 * $9 limit, $10 offset.
 */
export const LEAD_LIST_SQL = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, [
    'captured_at',
    'source',
    'inbound',
    'vendor_id',
    'campaign_id',
    'company_name',
    'company_domain',
    'segment',
    'score',
    'grade',
    'team',
    'sdr_id',
    'first_touch_at',
    'qualified_at',
    'stage_at',
    'stage',
  ])}
)
SELECT l.lead_id, l.captured_at, l.company_name, l.company_domain, l.source, l.inbound, l.vendor_id, l.campaign_id, l.segment,
       l.score, l.grade, l.stage, l.stage_at, l.team, l.sdr_id AS owner_id, l.first_touch_at, l.qualified_at,
       count(*) OVER ()::int AS total
FROM leads l
WHERE l.captured_at IS NOT NULL
  AND ($3::text IS NULL OR l.stage = $3::text)
  AND ($4::text IS NULL OR l.sdr_id = $4::text)
  AND ($5::text IS NULL OR l.source = $5::text)
  AND ($6::text IS NULL OR l.grade = $6::text)
  AND ($7::text IS NULL OR strpos(lower(concat_ws(' ', l.company_name, l.company_domain)), lower($7::text)) > 0)
  AND ($8::text IS NULL OR l.segment = $8::text)
ORDER BY l.captured_at DESC, l.lead_id
LIMIT $9::int OFFSET $10::int`;

export interface LeadListParams extends MetricScope, PageRequest {
  readonly stage?: string;
  readonly ownerId?: string;
  readonly source?: string;
  readonly grade?: string;
  readonly company?: string;
  readonly segment?: string;
}

export interface LeadListRow {
  readonly lead_id: string;
  readonly captured_at: Date;
  readonly company_name: string | null;
  readonly company_domain: string | null;
  readonly source: string | null;
  readonly inbound: boolean | null;
  readonly vendor_id: string | null;
  readonly campaign_id: string | null;
  readonly segment: string | null;
  readonly score: number | null;
  readonly grade: string | null;
  readonly stage: string | null;
  readonly stage_at: Date | null;
  readonly team: string | null;
  readonly owner_id: string | null;
  readonly first_touch_at: Date | null;
  readonly qualified_at: Date | null;
}

export function leadList(db: SqlExecutor, p: LeadListParams): Promise<Page<LeadListRow>> {
  return runPage<LeadListRow & { total: number }>(
    db,
    LEAD_LIST_SQL,
    p.schema,
    [...scopeParams(p), p.stage ?? null, p.ownerId ?? null, p.source ?? null, p.grade ?? null, p.company ?? null, p.segment ?? null],
    p,
  );
}
