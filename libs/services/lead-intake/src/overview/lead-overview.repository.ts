import { gatheredBeforeCommit, isoTime, type SqlExecutor } from '@leadline/event-store';
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

interface PendingOverviews {
  readonly events: Map<string, OverviewEvent[]>;
  /** Leads created in the transaction: they have no row to read. */
  readonly created: Set<string>;
}

const pendingOverviews = gatheredBeforeCommit(
  (): PendingOverviews => ({ events: new Map(), created: new Set() }),
  (tx, pending) => projectOverviews(tx, pending.events, pending.created),
);

/**
 * Folds `event` into the lead's overview row just before `tx` commits, together with every other event
 * queued in `tx` (a consumer's chunk): one locking read of the chunk's leads and one upsert for all of
 * them, instead of both per event. Each lead's events are folded in the order they were queued.
 * `created`: the lead's stream was created in `tx` (a new lead's capture), so it has no row yet and is not read.
 */
export function projectOverviewBeforeCommit(tx: SqlExecutor, leadId: string, event: OverviewEvent, created = false): void {
  const pending = pendingOverviews(tx);
  if (created) pending.created.add(leadId);
  const events = pending.events.get(leadId);
  if (events) events.push(event);
  else pending.events.set(leadId, [event]);
}

/**
 * Folds each lead's events into its overview row: one `select … for update` of the leads' rows (in
 * lead id order, so two transactions lock shared rows in the same order), none for the leads `created`
 * in this transaction (a list's chunk of new leads reads nothing), and one multi-row upsert of the rows
 * that changed.
 */
export async function projectOverviews(
  tx: SqlExecutor,
  eventsByLead: ReadonlyMap<string, readonly OverviewEvent[]>,
  created: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (eventsByLead.size === 0) return;
  const leadIds = [...eventsByLead.keys()].sort();
  const existing = leadIds.filter((leadId) => !created.has(leadId));
  const { rows } =
    existing.length === 0
      ? { rows: [] }
      : await tx.query<OverviewRow>(`select * from ${OVERVIEW} where lead_id = any($1::text[]) order by lead_id for update`, [existing]);
  const stored = new Map(rows.map((row) => [row.lead_id, toOverview(row)]));
  const changed: LeadOverview[] = [];
  for (const leadId of leadIds) {
    const before = stored.get(leadId) ?? null;
    const after = (eventsByLead.get(leadId) ?? []).reduce<LeadOverview | null>((doc, event) => evolveOverview(doc, leadId, event), before);
    if (after && after !== before) changed.push(after);
  }
  if (changed.length === 0) return;
  await tx.query(upsertOverviewsSql('$1'), [overviewRowsJson(changed)]);
}

/**
 * An upsert of the overview rows given as JSON (`overviewRowsJson`) at parameter `param` (e.g. `$4`): a statement of
 * its own, or the body of a CTE of a larger one (`where`: a condition on writing any of them, e.g. `not exists (...)`).
 */
export function upsertOverviewsSql(param: string, where?: string): string {
  return `insert into ${OVERVIEW} (lead_id, stage, source, inbound, email, company_name, company_domain, segment, territory, score, grade,
       owner_sdr_id, sla_due_at, sla_status, sla_breaches, duplicates, missing, captured_at, last_event_type, erased_at, updated_at)
     select lead_id, stage, source, inbound, email, company_name, company_domain, segment, territory, score, grade,
       owner_sdr_id, sla_due_at, sla_status, sla_breaches, duplicates, missing, captured_at, last_event_type, erased_at, now()
     from jsonb_populate_recordset(null::${OVERVIEW}, ${param}::jsonb)${where ? ` where ${where}` : ''}
     on conflict (lead_id) do update set stage = excluded.stage, source = excluded.source, inbound = excluded.inbound,
       email = excluded.email, company_name = excluded.company_name, company_domain = excluded.company_domain,
       segment = excluded.segment, territory = excluded.territory, score = excluded.score, grade = excluded.grade,
       owner_sdr_id = excluded.owner_sdr_id, sla_due_at = excluded.sla_due_at, sla_status = excluded.sla_status,
       sla_breaches = excluded.sla_breaches, duplicates = excluded.duplicates, missing = excluded.missing,
       captured_at = excluded.captured_at, last_event_type = excluded.last_event_type, erased_at = excluded.erased_at, updated_at = now()`;
}

/** Overview rows as `upsertOverviewsSql`'s parameter takes them. */
export function overviewRowsJson(docs: readonly LeadOverview[]): string {
  return JSON.stringify(docs.map(toRow));
}

/** The overview row of a lead created with `events` (its stream's first events), as projectOverviews would write it. */
export function newLeadOverview(leadId: string, events: readonly OverviewEvent[]): LeadOverview | null {
  return events.reduce<LeadOverview | null>((doc, event) => evolveOverview(doc, leadId, event), null);
}

function toRow(doc: LeadOverview): Omit<OverviewRow, 'missing'> & { missing: readonly string[] } {
  return {
    lead_id: doc.leadId,
    stage: doc.stage,
    source: doc.source,
    inbound: doc.inbound,
    email: doc.email,
    company_name: doc.companyName,
    company_domain: doc.companyDomain,
    segment: doc.segment,
    territory: doc.territory,
    score: doc.score,
    grade: doc.grade,
    owner_sdr_id: doc.ownerSdrId,
    sla_due_at: doc.slaDueAt,
    sla_status: doc.slaStatus,
    sla_breaches: doc.slaBreaches,
    duplicates: doc.duplicates,
    missing: doc.missing,
    captured_at: doc.capturedAt,
    last_event_type: doc.lastEventType,
    erased_at: doc.erasedAt,
  };
}
