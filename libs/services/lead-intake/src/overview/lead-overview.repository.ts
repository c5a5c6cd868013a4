import { isoTime, type SqlExecutor } from '@leadline/event-store';
import { OVERVIEW } from '../schema/lead-intake.schema';
import { evolveOverview, type LeadOverview, type OverviewEvent, type SlaStatus } from './lead-overview.projection';

interface OverviewRow {
  lead_id: string;
  stage: string;
  source: string | null;
  inbound: boolean | null;
  email: string | null;
  company_name: string | null;
  company_domain: string | null;
  segment: string | null;
  territory: string | null;
  score: number | null;
  grade: string | null;
  owner_sdr_id: string | null;
  sla_due_at: Date | string | null;
  sla_status: string;
  sla_breaches: number;
  duplicates: number;
  missing: string[] | string;
  captured_at: Date | string | null;
  last_event_type: string | null;
  erased_at: Date | string | null;
}

function toOverview(row: OverviewRow): LeadOverview {
  return {
    leadId: row.lead_id,
    stage: row.stage,
    source: row.source,
    inbound: row.inbound,
    email: row.email,
    companyName: row.company_name,
    companyDomain: row.company_domain,
    segment: row.segment,
    territory: row.territory,
    score: row.score,
    grade: row.grade,
    ownerSdrId: row.owner_sdr_id,
    slaDueAt: isoTime(row.sla_due_at),
    slaStatus: row.sla_status as SlaStatus,
    slaBreaches: row.sla_breaches,
    duplicates: row.duplicates,
    missing: typeof row.missing === 'string' ? (JSON.parse(row.missing) as string[]) : row.missing,
    capturedAt: isoTime(row.captured_at),
    lastEventType: row.last_event_type,
    erasedAt: isoTime(row.erased_at),
  };
}

export async function findOverview(db: SqlExecutor, leadId: string, forUpdate = false): Promise<LeadOverview | null> {
  const { rows } = await db.query<OverviewRow>(`select * from ${OVERVIEW} where lead_id = $1${forUpdate ? ' for update' : ''}`, [leadId]);
  return rows[0] ? toOverview(rows[0]) : null;
}

/** Folds events into the lead's overview row, in the caller's transaction. */
export async function projectOverview(tx: SqlExecutor, leadId: string, events: readonly OverviewEvent[]): Promise<void> {
  const before = await findOverview(tx, leadId, true);
  const after = events.reduce<LeadOverview | null>((doc, event) => evolveOverview(doc, leadId, event), before);
  if (!after || after === before) return;
  await tx.query(
    `insert into ${OVERVIEW} (lead_id, stage, source, inbound, email, company_name, company_domain, segment, territory, score, grade,
       owner_sdr_id, sla_due_at, sla_status, sla_breaches, duplicates, missing, captured_at, last_event_type, erased_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $20, now())
     on conflict (lead_id) do update set stage = excluded.stage, source = excluded.source, inbound = excluded.inbound,
       email = excluded.email, company_name = excluded.company_name, company_domain = excluded.company_domain,
       segment = excluded.segment, territory = excluded.territory, score = excluded.score, grade = excluded.grade,
       owner_sdr_id = excluded.owner_sdr_id, sla_due_at = excluded.sla_due_at, sla_status = excluded.sla_status,
       sla_breaches = excluded.sla_breaches, duplicates = excluded.duplicates, missing = excluded.missing,
       captured_at = excluded.captured_at, last_event_type = excluded.last_event_type, erased_at = excluded.erased_at, updated_at = now()`,
    [
      after.leadId,
      after.stage,
      after.source,
      after.inbound,
      after.email,
      after.companyName,
      after.companyDomain,
      after.segment,
      after.territory,
      after.score,
      after.grade,
      after.ownerSdrId,
      after.slaDueAt,
      after.slaStatus,
      after.slaBreaches,
      after.duplicates,
      JSON.stringify(after.missing),
      after.capturedAt,
      after.lastEventType,
      after.erasedAt,
    ],
  );
}
