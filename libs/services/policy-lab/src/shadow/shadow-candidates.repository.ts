import type { ShadowCandidate, ShadowCandidateState } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface ShadowCandidateRow {
  readonly candidateId: string;
  readonly kind: ShadowCandidate['kind'];
  readonly candidate: ShadowCandidate;
  readonly status: 'shadowing' | 'promoted' | 'dropped';
  readonly registeredAt: string;
  readonly settledAt: string | null;
}

type Row = {
  candidate_id: string;
  kind: ShadowCandidate['kind'];
  candidate: ShadowCandidate;
  status: ShadowCandidateRow['status'];
  registered_at: Date;
  settled_at: Date | null;
};

const toRow = (r: Row): ShadowCandidateRow => ({
  candidateId: r.candidate_id,
  kind: r.kind,
  candidate: r.candidate,
  status: r.status,
  registeredAt: new Date(r.registered_at).toISOString(),
  settledAt: r.settled_at === null ? null : new Date(r.settled_at).toISOString(),
});

/** Writes a candidate's state in the transaction that appended its event. */
export async function saveShadowCandidate(tx: SqlExecutor, state: ShadowCandidateState, at: string): Promise<void> {
  if (state.status === 'none') return;
  await tx.query(
    `insert into policy_lab.shadow_candidates (candidate_id, kind, candidate, status, registered_at)
     values ($1, $2, $3, $4, $5)
     on conflict (candidate_id) do update set status = excluded.status, settled_at = $5`,
    [state.candidateId, state.candidate.kind, JSON.stringify(state.candidate), state.status, at],
  );
}

export async function listShadowCandidates(tx: SqlExecutor): Promise<ShadowCandidateRow[]> {
  const { rows } = await tx.query<Row>('select * from policy_lab.shadow_candidates order by registered_at, candidate_id');
  return rows.map(toRow);
}

/** A candidate row whose candidate is of one kind. */
export type ShadowCandidateRowOf<K extends ShadowCandidate['kind']> = ShadowCandidateRow & {
  readonly kind: K;
  readonly candidate: Extract<ShadowCandidate, { kind: K }>;
};

/**
 * The candidates of a kind shadowing now: each sees the line's decisions recorded since it was registered. The row's
 * kind column is written from its candidate's (saveShadowCandidate); the candidate's own kind is what is checked.
 */
export async function activeShadows<K extends ShadowCandidate['kind']>(tx: SqlExecutor, kind: K): Promise<Array<ShadowCandidateRowOf<K>>> {
  const { rows } = await tx.query<Row>(
    `select * from policy_lab.shadow_candidates where kind = $1 and status = 'shadowing' order by candidate_id`,
    [kind],
  );
  return rows.map(toRow).filter((row): row is ShadowCandidateRowOf<K> => row.candidate.kind === kind);
}
