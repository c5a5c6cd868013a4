import { sdrDecider, weekStartUtc, type AssignmentDecision, type SdrCandidate, type SdrEvent, type SdrState } from '@leadline/domain';
import type { EventStoreReader, SqlExecutor } from '@leadline/event-store';

type LoadRow = { sdr_id: string; open_leads: number; week_start: Date; assigned_this_week: number; last_assigned_at: Date | null };

/**
 * The roster a recorded routing decision was made on, for a candidate policy to decide on: every SDR
 * the decision names (its pool and those it left out), their profiles and time off from their
 * `sdr-<id>` streams as recorded by then, the pool's loads as the decision recorded them, and for an SDR
 * left out of the pool the load the lab last saw for it.
 */
export async function rosterOfDecision(store: EventStoreReader, tx: SqlExecutor, decision: AssignmentDecision): Promise<SdrCandidate[]> {
  const ids = [...new Set([...decision.pool.map((p) => p.sdrId), ...decision.excluded.map((e) => e.sdrId)])].sort();
  const { rows } = await tx.query<LoadRow>('select * from policy_lab.shadow_sdr_loads where sdr_id = any($1)', [ids]);
  const seen = new Map(rows.map((row) => [row.sdr_id, row]));
  const week = weekStartUtc(decision.decidedAt).getTime();
  const roster: SdrCandidate[] = [];
  for (const sdrId of ids) {
    const events = await store.readStream(`sdr-${sdrId}`);
    const state = events
      .filter((e) => e.recordedAt.toISOString() <= decision.decidedAt)
      .reduce<SdrState>((s, e) => sdrDecider.evolve(s, { type: e.type, data: e.data } as SdrEvent), sdrDecider.initialState());
    if (state.status !== 'registered') continue;
    const pooled = decision.pool.find((p) => p.sdrId === sdrId);
    const last = seen.get(sdrId);
    roster.push({
      sdrId,
      profile: state.profile,
      timeOff: state.timeOff,
      openLeads: pooled?.openLeads ?? last?.open_leads ?? 0,
      assignedThisWeek: pooled?.assignedThisWeek ?? (last && new Date(last.week_start).getTime() === week ? last.assigned_this_week : 0),
      lastAssignedAt: pooled ? pooled.lastAssignedAt : last?.last_assigned_at ? new Date(last.last_assigned_at).toISOString() : null,
    });
  }
  return roster;
}

/**
 * Remembers the pools' loads after the line's choices (each chosen SDR one lead more), decisions in log order, in
 * one statement: an SDR in several pools keeps what the last of them recorded.
 */
export async function rememberLoads(tx: SqlExecutor, decisions: readonly AssignmentDecision[]): Promise<void> {
  const latest = new Map<string, { openLeads: number; weekStart: string; assignedThisWeek: number; lastAssignedAt: string | null }>();
  for (const decision of decisions) {
    const weekStart = weekStartUtc(decision.decidedAt).toISOString();
    for (const member of decision.pool) {
      const chosen = member.sdrId === decision.chosenSdrId;
      latest.set(member.sdrId, {
        openLeads: member.openLeads + (chosen ? 1 : 0),
        weekStart,
        assignedThisWeek: member.assignedThisWeek + (chosen ? 1 : 0),
        lastAssignedAt: chosen ? decision.decidedAt : member.lastAssignedAt,
      });
    }
  }
  if (latest.size === 0) return;
  const loads = [...latest];
  await tx.query(
    `insert into policy_lab.shadow_sdr_loads (sdr_id, open_leads, week_start, assigned_this_week, last_assigned_at)
     select * from unnest($1::text[], $2::integer[], $3::timestamptz[], $4::integer[], $5::timestamptz[])
     on conflict (sdr_id) do update set open_leads = excluded.open_leads, week_start = excluded.week_start,
       assigned_this_week = excluded.assigned_this_week, last_assigned_at = excluded.last_assigned_at`,
    [
      loads.map(([sdrId]) => sdrId),
      loads.map(([, l]) => l.openLeads),
      loads.map(([, l]) => l.weekStart),
      loads.map(([, l]) => l.assignedThisWeek),
      loads.map(([, l]) => l.lastAssignedAt),
    ],
  );
}
