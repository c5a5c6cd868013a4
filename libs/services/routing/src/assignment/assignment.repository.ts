import type { AssignmentDecision, LeadSource, Segment, SdrTeam } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface AssignmentRow {
  readonly leadId: string;
  readonly sdrId: string;
  readonly team: SdrTeam;
  readonly source: LeadSource;
  readonly segment: Segment;
  readonly territory: string | null;
  readonly assignedAt: string;
  readonly slaDueAt: string | null;
  readonly slaTimerId: string | null;
}

/** Read-model side of an assignment: the lead row, the SDR's load and the weekly log, in the caller's transaction. */
export async function recordAssignment(tx: SqlExecutor, eventId: string, row: AssignmentRow): Promise<void> {
  await tx.query(
    `insert into routing.assignments (lead_id, sdr_id, team, source, segment, territory, status, assigned_at, sla_due_at, sla_timer_id)
     values ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9)`,
    [row.leadId, row.sdrId, row.team, row.source, row.segment, row.territory, row.assignedAt, row.slaDueAt, row.slaTimerId],
  );
  await countAssignment(tx, eventId, row.leadId, row.sdrId, row.assignedAt);
}

export async function recordReassignment(
  tx: SqlExecutor,
  eventId: string,
  change: { leadId: string; fromSdrId: string; sdrId: string; at: string; slaDueAt: string | null; slaTimerId: string | null },
): Promise<void> {
  await tx.query(
    `update routing.assignments set sdr_id = $2, assigned_at = $3, sla_due_at = $4, sla_timer_id = $5, reassignments = reassignments + 1
      where lead_id = $1`,
    [change.leadId, change.sdrId, change.at, change.slaDueAt, change.slaTimerId],
  );
  await tx.query('update routing.sdrs set open_leads = greatest(open_leads - 1, 0) where sdr_id = $1', [change.fromSdrId]);
  await countAssignment(tx, eventId, change.leadId, change.sdrId, change.at);
}

async function countAssignment(tx: SqlExecutor, eventId: string, leadId: string, sdrId: string, at: string): Promise<void> {
  await tx.query('insert into routing.assignment_log (event_id, lead_id, sdr_id, assigned_at) values ($1, $2, $3, $4)', [eventId, leadId, sdrId, at]);
  await tx.query('update routing.sdrs set open_leads = open_leads + 1, last_assigned_at = $2 where sdr_id = $1', [sdrId, at]);
}

export interface UnroutedLead {
  readonly leadId: string;
  readonly team: SdrTeam;
  readonly excluded: AssignmentDecision['excluded'];
  readonly at: string;
  readonly causeEventId: string;
  readonly correlationId: string;
}

export async function recordUnrouted(tx: SqlExecutor, lead: UnroutedLead): Promise<void> {
  await tx.query(
    `insert into routing.unrouted (lead_id, team, excluded, at, cause_event_id, correlation_id) values ($1, $2, $3, $4, $5, $6)
     on conflict (lead_id) do update set excluded = excluded.excluded, at = excluded.at`,
    [lead.leadId, lead.team, JSON.stringify(lead.excluded), lead.at, lead.causeEventId, lead.correlationId],
  );
}

export async function clearUnrouted(tx: SqlExecutor, leadId: string): Promise<void> {
  await tx.query('delete from routing.unrouted where lead_id = $1', [leadId]);
}

/** Claims waiting leads for a retry; skip locked lets several instances sweep at once. */
export async function claimUnrouted(tx: SqlExecutor, limit: number): Promise<{ leadId: string; causeEventId: string; correlationId: string }[]> {
  const { rows } = await tx.query<{ lead_id: string; cause_event_id: string; correlation_id: string }>(
    'select lead_id, cause_event_id, correlation_id from routing.unrouted order by at limit $1 for update skip locked',
    [limit],
  );
  return rows.map((r) => ({ leadId: r.lead_id, causeEventId: r.cause_event_id, correlationId: r.correlation_id }));
}

export async function recordBreach(tx: SqlExecutor, leadId: string): Promise<void> {
  await tx.query('update routing.assignments set breaches = breaches + 1 where lead_id = $1', [leadId]);
}

export async function recordFirstTouch(tx: SqlExecutor, leadId: string, at: string): Promise<void> {
  await tx.query('update routing.assignments set first_touch_at = coalesce(first_touch_at, $2) where lead_id = $1', [leadId, at]);
}

export async function recordClosed(tx: SqlExecutor, leadId: string, sdrId: string, status: 'qualified' | 'disqualified'): Promise<void> {
  await tx.query('update routing.assignments set status = $2 where lead_id = $1', [leadId, status]);
  await tx.query('update routing.sdrs set open_leads = greatest(open_leads - 1, 0) where sdr_id = $1', [sdrId]);
}

export async function findAssignmentRow(
  tx: SqlExecutor,
  leadId: string,
): Promise<{ segment: Segment; territory: string | null; source: LeadSource } | null> {
  const { rows } = await tx.query<{ segment: Segment; territory: string | null; source: LeadSource }>(
    'select segment, territory, source from routing.assignments where lead_id = $1',
    [leadId],
  );
  return rows[0] ?? null;
}
