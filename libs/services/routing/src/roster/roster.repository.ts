import type { SdrProfile } from '@leadline/domain';
import type { SdrCandidate, SdrState, TimeOff } from '@leadline/domain';
import { isoTime, preparedStatement, type SqlExecutor } from '@leadline/event-store';
import { upsertRosterMember } from '@leadline/platform';

interface SdrRow {
  sdr_id: string;
  profile: SdrProfile;
  time_off: TimeOff[];
  open_leads: number;
  last_assigned_at: Date | string | null;
  assigned_this_week: string | number;
}

export interface RosterEntry extends SdrCandidate {
  readonly updatedAt: string | null;
}

/** The roster/load read model in `routing.sdrs`, written in the same transaction as the SDR's events. */
export async function saveSdr(tx: SqlExecutor, state: SdrState, at: string): Promise<void> {
  if (state.status !== 'registered') return;
  await upsertRosterMember(tx, { table: 'routing.sdrs', idColumn: 'sdr_id' }, state.sdrId, state, at);
}

/**
 * loadRoster's read, prepared on `pg`: the roster is read whole (the team a filter on its rows) and its weekly counts
 * by week: one row per SDR (per SDR and week for the counts), tables that never grow in a burst and whose updates on
 * every assignment get them analyzed, which makes PostgreSQL plan the statement again; so its generic plan is the
 * custom one.
 */
const LOAD_ROSTER = preparedStatement(
  `select s.sdr_id, s.profile, s.time_off, s.open_leads, s.last_assigned_at, s.updated_at, coalesce(w.assigned, 0) as assigned_this_week
     from routing.sdrs s
     left join routing.sdr_week_counts w on w.sdr_id = s.sdr_id and w.week_start = $1
    where $2::text is null or s.profile->>'team' = $2
    order by s.sdr_id`,
);

/** Every SDR with their load: open leads, assignments in the week starting `weekStart` (Monday 00:00 UTC), last assignment. */
export async function loadRoster(tx: SqlExecutor, weekStart: Date, team?: string): Promise<RosterEntry[]> {
  const { rows } = await tx.query<SdrRow & { updated_at: Date | string }>(LOAD_ROSTER, [weekStart.toISOString(), team ?? null]);
  return rows.map((row) => ({
    sdrId: row.sdr_id,
    profile: row.profile,
    timeOff: row.time_off,
    openLeads: row.open_leads,
    assignedThisWeek: Number(row.assigned_this_week),
    lastAssignedAt: isoTime(row.last_assigned_at),
    updatedAt: isoTime(row.updated_at),
  }));
}

export async function findSdrProfile(tx: SqlExecutor, sdrId: string): Promise<SdrProfile | null> {
  const { rows } = await tx.query<{ profile: SdrProfile }>('select profile from routing.sdrs where sdr_id = $1', [sdrId]);
  return rows[0]?.profile ?? null;
}
