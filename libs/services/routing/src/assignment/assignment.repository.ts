import type { AssignmentDecision, LeadSource, Segment, SdrTeam } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';
import { rosterSnapshotOf } from '../roster/roster-snapshot';

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

/**
 * The weekly log, the SDR's count for the week of the assignment and the SDR's open load count an
 * assignment: data-modifying CTEs on $1 event id, $2 lead id, $3 SDR id and $4 time (countParams),
 * so the statement they lead writes the rest. The log's primary key fails a second count of one event.
 */
const COUNT_ASSIGNMENT = `logged as (insert into routing.assignment_log (event_id, lead_id, sdr_id, assigned_at) values ($1, $2, $3, $4)),
     counted as (insert into routing.sdr_week_counts (sdr_id, week_start, assigned)
                 values ($3, date_trunc('week', $4::timestamptz at time zone 'UTC') at time zone 'UTC', 1)
                 on conflict (week_start, sdr_id) do update set assigned = routing.sdr_week_counts.assigned + 1),
     loaded as (update routing.sdrs set open_leads = open_leads + 1, last_assigned_at = $4 where sdr_id = $3)`;

/** The lead no longer waits for an SDR (any purpose): a CTE on $2 lead id, in the statement that records its new owner. */
const CLEAR_UNROUTED = `cleared as (delete from routing.unrouted where lead_id = $2)`;

function countParams(eventId: string, leadId: string, sdrId: string, at: string): unknown[] {
  return [eventId, leadId, sdrId, at];
}

/**
 * Read-model side of an assignment: the lead row, the SDR's load and weekly counts, and the lead off
 * the waiting queue, in one statement of the caller's transaction (recordAssignments of one), counted
 * in the transaction's roster snapshot.
 */
export async function recordAssignment(tx: SqlExecutor, eventId: string, row: AssignmentRow): Promise<void> {
  await recordAssignments(tx, [{ eventId, row }]);
  rosterSnapshotOf(tx)?.assigned(row.sdrId, row.assignedAt);
}

/**
 * recordAssignment for the new leads of a batch, in one statement: their rows, the log, each SDR's weekly count and
 * open load (by how many of the batch it got; its last assignment the latest of them), the leads off the waiting
 * queue. The caller has counted them in the roster snapshot as it decided each.
 */
export async function recordAssignments(tx: SqlExecutor, rows: readonly { eventId: string; row: AssignmentRow }[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map(({ eventId, row }) => ({
    event_id: eventId,
    lead_id: row.leadId,
    sdr_id: row.sdrId,
    assigned_at: row.assignedAt,
    team: row.team,
    source: row.source,
    segment: row.segment,
    territory: row.territory,
    sla_due_at: row.slaDueAt,
    sla_timer_id: row.slaTimerId,
  }));
  // Planned per call, not prepared: a generic plan made while routing.unrouted was small keeps scanning it whole as it
  // grows, until an analyze (50,000 waiting leads: 4.6 ms a call against 1.2 planned per call, which follows its size).
  await tx.query(
    `with r as materialized (
       select * from jsonb_to_recordset($1::jsonb) as r(event_id uuid, lead_id text, sdr_id text, assigned_at timestamptz, team text,
         source text, segment text, territory text, sla_due_at timestamptz, sla_timer_id uuid)
     ),
     logged as (insert into routing.assignment_log (event_id, lead_id, sdr_id, assigned_at) select event_id, lead_id, sdr_id, assigned_at from r),
     counted as (insert into routing.sdr_week_counts (sdr_id, week_start, assigned)
                 select sdr_id, date_trunc('week', assigned_at at time zone 'UTC') at time zone 'UTC', count(*) from r group by 1, 2
                 on conflict (week_start, sdr_id) do update set assigned = routing.sdr_week_counts.assigned + excluded.assigned),
     loaded as (update routing.sdrs s set open_leads = s.open_leads + l.n, last_assigned_at = l.last
                  from (select sdr_id, count(*)::int as n, max(assigned_at) as last from r group by sdr_id) l where s.sdr_id = l.sdr_id),
     cleared as (delete from routing.unrouted where lead_id in (select lead_id from r))
     insert into routing.assignments (lead_id, sdr_id, team, source, segment, territory, status, assigned_at, sla_due_at, sla_timer_id)
     select lead_id, sdr_id, team, source, segment, territory, 'open', assigned_at, sla_due_at, sla_timer_id from r`,
    [JSON.stringify(json)],
  );
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
  const snapshot = rosterSnapshotOf(tx);
  snapshot?.released(change.fromSdrId);
  snapshot?.assigned(change.sdrId, change.at);
}

/**
 * Read-model side of a recycled lead reopened for an outbound SDR: the lead row starts over (open,
 * outbound, untouched, no SLA; created when routing had never assigned the lead) and the new
 * owner's load and weekly counts count it, and the lead leaves the waiting queue. The previous
 * owner's open load was released when the lead was qualified or disqualified.
 */
export async function recordReopen(tx: SqlExecutor, eventId: string, row: AssignmentRow): Promise<void> {
  await tx.query(
    `with ${COUNT_ASSIGNMENT}, ${CLEAR_UNROUTED}
     insert into routing.assignments (lead_id, sdr_id, team, source, segment, territory, status, assigned_at, sla_due_at, sla_timer_id, reopens)
     values ($2, $3, 'outbound', $5, $6, $7, 'open', $4, null, null, 1)
     on conflict (lead_id) do update set sdr_id = excluded.sdr_id, team = 'outbound', segment = excluded.segment, territory = excluded.territory,
       status = 'open', assigned_at = excluded.assigned_at, sla_due_at = null, sla_timer_id = null, first_touch_at = null,
       reopens = routing.assignments.reopens + 1`,
    [...countParams(eventId, row.leadId, row.sdrId, row.assignedAt), row.source, row.segment, row.territory],
  );
  rosterSnapshotOf(tx)?.assigned(row.sdrId, row.assignedAt);
}

async function countAssignment(tx: SqlExecutor, eventId: string, leadId: string, sdrId: string, at: string): Promise<void> {
  await tx.query(`with ${COUNT_ASSIGNMENT} select 1`, countParams(eventId, leadId, sdrId, at));
}

/** 'assign': a scored lead waiting for its first SDR; 'reopen': a recycled lead waiting for an outbound SDR after its cool-off. */
export type UnroutedPurpose = 'assign' | 'reopen';

export interface UnroutedLead {
  readonly leadId: string;
  readonly team: SdrTeam;
  readonly excluded: AssignmentDecision['excluded'];
  readonly at: string;
  readonly causeEventId: string;
  readonly correlationId: string;
  readonly purpose?: UnroutedPurpose;
}

export async function recordUnrouted(tx: SqlExecutor, lead: UnroutedLead): Promise<void> {
  await tx.query(
    `insert into routing.unrouted (lead_id, team, excluded, at, cause_event_id, correlation_id, purpose) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (lead_id) do update set team = excluded.team, excluded = excluded.excluded, at = excluded.at,
       cause_event_id = excluded.cause_event_id, correlation_id = excluded.correlation_id, purpose = excluded.purpose`,
    [lead.leadId, lead.team, JSON.stringify(lead.excluded), lead.at, lead.causeEventId, lead.correlationId, lead.purpose ?? 'assign'],
  );
}

export async function findUnrouted(
  tx: SqlExecutor,
  leadId: string,
): Promise<{ team: SdrTeam; excluded: AssignmentDecision['excluded']; since: string; purpose: UnroutedPurpose } | null> {
  const { rows } = await tx.query<{
    team: SdrTeam;
    excluded: AssignmentDecision['excluded'] | string;
    at: Date | string;
    purpose: UnroutedPurpose;
  }>('select team, excluded, at, purpose from routing.unrouted where lead_id = $1', [leadId]);
  const row = rows[0];
  if (!row) return null;
  const excluded = typeof row.excluded === 'string' ? (JSON.parse(row.excluded) as AssignmentDecision['excluded']) : row.excluded;
  return { team: row.team, excluded, since: new Date(row.at).toISOString(), purpose: row.purpose };
}

/** Takes a lead off the waiting queue (only a wait for `purpose`, when given). */
export async function clearUnrouted(tx: SqlExecutor, leadId: string, purpose?: UnroutedPurpose): Promise<void> {
  await tx.query('delete from routing.unrouted where lead_id = $1 and ($2::text is null or purpose = $2)', [leadId, purpose ?? null]);
}

/** Claims waiting leads for a retry; skip locked lets several instances sweep at once. */
export async function claimUnrouted(
  tx: SqlExecutor,
  limit: number,
): Promise<{ leadId: string; causeEventId: string; correlationId: string; purpose: UnroutedPurpose }[]> {
  const { rows } = await tx.query<{ lead_id: string; cause_event_id: string; correlation_id: string; purpose: UnroutedPurpose }>(
    'select lead_id, cause_event_id, correlation_id, purpose from routing.unrouted order by at limit $1 for update skip locked',
    [limit],
  );
  return rows.map((r) => ({ leadId: r.lead_id, causeEventId: r.cause_event_id, correlationId: r.correlation_id, purpose: r.purpose }));
}

export async function recordBreach(tx: SqlExecutor, leadId: string): Promise<void> {
  await tx.query('update routing.assignments set breaches = breaches + 1 where lead_id = $1', [leadId]);
}

/** The lead's first touch is its earliest activity by the time it happened (an earlier one may arrive later). */
export async function recordFirstTouch(tx: SqlExecutor, leadId: string, at: string): Promise<void> {
  await tx.query('update routing.assignments set first_touch_at = least(first_touch_at, $2::timestamptz) where lead_id = $1', [leadId, at]);
}

export async function recordClosed(tx: SqlExecutor, leadId: string, sdrId: string, status: 'qualified' | 'disqualified'): Promise<void> {
  await tx.query('update routing.assignments set status = $2 where lead_id = $1', [leadId, status]);
  await tx.query('update routing.sdrs set open_leads = greatest(open_leads - 1, 0) where sdr_id = $1', [sdrId]);
  rosterSnapshotOf(tx)?.released(sdrId);
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
