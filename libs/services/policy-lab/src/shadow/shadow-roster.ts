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

/** Remembers the pool's loads after the line's choice (the chosen SDR one lead more), in one statement. */
export async function rememberLoads(tx: SqlExecutor, decision: AssignmentDecision): Promise<void> {
  if (decision.pool.length === 0) return;
  const week = weekStartUtc(decision.decidedAt).toISOString();
  const chosen = (sdrId: string) => (sdrId === decision.chosenSdrId ? 1 : 0);
  await tx.query(
    `insert into policy_lab.shadow_sdr_loads (sdr_id, open_leads, week_start, assigned_this_week, last_assigned_at)
     select l.sdr_id, l.open_leads, $3::timestamptz, l.assigned_this_week, l.last_assigned_at
       from unnest($1::text[], $2::integer[], $4::integer[], $5::timestamptz[]) as l(sdr_id, open_leads, assigned_this_week, last_assigned_at)
     on conflict (sdr_id) do update set open_leads = excluded.open_leads, week_start = excluded.week_start,
       assigned_this_week = excluded.assigned_this_week, last_assigned_at = excluded.last_assigned_at`,
    [
      decision.pool.map((m) => m.sdrId),
      decision.pool.map((m) => m.openLeads + chosen(m.sdrId)),
      week,
      decision.pool.map((m) => m.assignedThisWeek + chosen(m.sdrId)),
      decision.pool.map((m) => (chosen(m.sdrId) ? decision.decidedAt : m.lastAssignedAt)),
    ],
  );
}
