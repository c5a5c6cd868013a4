import { weekStartUtc, type SdrTeam } from '@leadline/domain';
import { oncePerTransaction, preparedStatement, type SqlExecutor } from '@leadline/event-store';
import { loadRoster, type RosterEntry } from './roster.repository';

/**
 * How long a routing reaction waits for the routing lock before its transaction fails with
 * lock_not_available (55P03) and is retried (a Kafka consumer backs off with heartbeats, a store-log
 * processor backs off): a long transaction holding it (a vendor list's release) must not keep a
 * consumer from heartbeating past its group session (10 s).
 */
export const ROUTING_LOCK_WAIT_MS = 5_000;

/** lockRouting's statement, prepared on `pg` (it reads no table). */
const LOCK_ROUTING = preparedStatement(
  `with prev as materialized (select current_setting('lock_timeout') as v),
        wait as materialized (select set_config('lock_timeout', $1, true) from prev),
        locked as materialized (select pg_advisory_xact_lock(hashtext('leadline.routing.decide')) from wait)
   select set_config('lock_timeout', (select v from prev), true) from locked`,
);

/**
 * Serialises routing's decisions (the scored-lead and vendor-hold subscriptions, the SLA and recycle
 * processors, the unrouted sweep) and roster changes, across processes: the roster a transaction
 * reads under it stays the roster until it commits, except for the loads its own writes change
 * (RosterSnapshot follows those). Taken first in the transaction, before any other lock, once;
 * waits at most `waitMs` (0: as long as it takes), the transaction's lock_timeout restored after.
 */
export function lockRouting(tx: SqlExecutor, waitMs = ROUTING_LOCK_WAIT_MS): Promise<void> {
  return oncePerTransaction(tx, 'routing.lock', async () => {
    await tx.query(LOCK_ROUTING, [String(waitMs)]);
  });
}

interface Load {
  openLeads: number;
  assignedThisWeek: number;
  lastAssignedAt: string | null;
}

/**
 * The roster with its loads as one transaction sees it, read once under the routing lock and kept
 * up to date by the transaction's own assignments, reassignments and reopenings (the repository
 * functions that write the loads tell it): the leads of a chunk are decided one after another
 * against exactly the loads that reading the roster before each of them would have found.
 */
export class RosterSnapshot {
  private readonly loads = new Map<string, Load>();

  constructor(
    /** Monday 00:00 UTC of the week whose assignments `assignedThisWeek` counts (ISO). */
    readonly weekStart: string,
    private readonly entries: readonly RosterEntry[],
  ) {
    for (const e of entries)
      this.loads.set(e.sdrId, { openLeads: e.openLeads, assignedThisWeek: e.assignedThisWeek, lastAssignedAt: e.lastAssignedAt });
  }

  /** The team's SDRs (every SDR without a team) in sdr id order, with their loads now: copies, safe to record. */
  candidates(team?: SdrTeam): RosterEntry[] {
    return this.entries.filter((e) => team === undefined || e.profile.team === team).map((e) => ({ ...e, ...this.loads.get(e.sdrId) }));
  }

  /** An assignment, reassignment or reopening to `sdrId` at `at`: one more open lead, counted in the week of `at`. */
  assigned(sdrId: string, at: string): void {
    const load = this.loads.get(sdrId);
    if (!load) return;
    load.openLeads += 1;
    if (weekStartUtc(at).toISOString() === this.weekStart) load.assignedThisWeek += 1;
    load.lastAssignedAt = new Date(at).toISOString();
  }

  /** A lead left `sdrId`'s open load (reassigned away). */
  released(sdrId: string): void {
    const load = this.loads.get(sdrId);
    if (load) load.openLeads = Math.max(load.openLeads - 1, 0);
  }
}

const snapshots = new WeakMap<SqlExecutor, RosterSnapshot>();

/**
 * The roster snapshot of `tx` (a transaction's executor, never the database) for a decision at `at`:
 * takes the routing lock and reads the roster on the first call, and again only when `at` falls in
 * another week than the one read (the transaction's own writes are in what it reads then).
 */
export async function rosterSnapshot(tx: SqlExecutor, at: string): Promise<RosterSnapshot> {
  await lockRouting(tx);
  const weekStart = weekStartUtc(at);
  const known = snapshots.get(tx);
  if (known?.weekStart === weekStart.toISOString()) return known;
  const snapshot = new RosterSnapshot(weekStart.toISOString(), await loadRoster(tx, weekStart));
  snapshots.set(tx, snapshot);
  return snapshot;
}

/** The snapshot `tx` has read, if any: what the load-writing repository functions update. */
export function rosterSnapshotOf(tx: SqlExecutor): RosterSnapshot | undefined {
  return snapshots.get(tx);
}
