import { EVENTS } from './event-row';

/**
 * The global log's horizon: an SQL expression (xid8) such that, for the statement that evaluates it,
 * every event whose `transaction_id` is below it is either visible to the statement or will never be
 * (its transaction aborted), and no event below it can be committed later. Reading the log only below
 * the horizon is what makes it gap-free: an event of a transaction still in flight is never passed over.
 *
 * What it used to be, `pg_snapshot_xmin(pg_current_snapshot())`, waits for every transaction open on the
 * whole server: a long transaction in any database (another team's, a bench's, another test's) held every
 * reader of every database back. This one only waits for transactions that may belong to THIS database.
 *
 * Let R be the statement's snapshot (`pg_current_snapshot()`: in READ COMMITTED each statement has its own;
 * it is the snapshot the same statement reads `event_store.events` with). `transaction_id` is the writer's
 * top-level xid (`pg_current_xact_id()`, also from a subtransaction) and R's xip lists top-level xids only.
 * For an xid X below xmax(R):
 *   - X not in xip(R): X had ended when R was taken, so R sees its events if it committed, and none ever
 *     appear later.
 *   - X in xip(R): X was running when R was taken; R does not see its events, and it may still commit.
 *     The horizon must stay at or below X, unless X provably cannot write here: only a backend connected
 *     to this database can insert into its `event_store.events`, and a backend's database never changes.
 * So the horizon is the smallest xid of xip(R) that is NOT shown, after R was taken, to be the xid of a
 * backend connected to another database (or of a prepared transaction of another database), else xmax(R).
 * Everything it cannot place (a transaction that ended between R and the look, an entry it cannot read)
 * it waits for, as before: the look can only move the horizon up past xids it has placed elsewhere.
 *
 * Why the look is sound: `pg_stat_get_activity` (pg_stat_activity's function) copies each backend's status
 * slot (database, pid) and then reads the xid of the process in that slot. An xid X of xip(R) that it shows
 * in a slot was assigned before R and is still the current xid of its process when read, after R; that
 * process held the same slot all along (it held X throughout), so the database copied with it is X's
 * database. Two conditions: the look is taken after R, and it is not a copy from earlier in the transaction
 * (PostgreSQL caches backend status until the transaction ends): `pg_stat_clear_snapshot()` runs first, as
 * the argument of `pg_stat_get_activity`, which is evaluated before the function is called. A backend's
 * `datid` and `backend_xid` are shown to every role (PostgreSQL 13-17: "values available to all callers";
 * only the query, state and client fields need pg_read_all_stats or the same role), so no grant is needed;
 * if a server hid them, their xids would stay unplaced and be waited for (the old, server-wide behaviour),
 * never passed. Prepared transactions (`pg_prepared_xact()`, behind pg_prepared_xacts, with their database)
 * hold xids without a backend: another database's are placed by it, this database's are waited for like
 * any unplaced xid.
 * Backends without a database (`datid` null: the checkpointer, a physical walsender) cannot write here.
 *
 * The look runs only when it can change what a read returns: some transaction is open (xmin(R) < xmax(R); never
 * on PGlite, one connection: its horizon is xmax, as before) and the newest event R sees is at or above xmin(R)
 * (else the server-wide horizon reads the same events, and is used; that probe is one step down the log index).
 * Comparing xids: xip(R) holds xid8, backends show xid (32 bits); running xids span less than 2^31, so their low
 * 32 bits identify them. `not in` is safe here: neither list holds a null.
 *
 * The look is not free (it copies every backend slot, `max_connections` of them, and builds a row for each: two
 * thirds of a relay's log read or more, docs/benchmarks.md), and it only ever pays when the oldest transaction open
 * on the server, xmin(R), belongs to another database: it never returns less than xmin(R), the smallest xid of
 * xip(R), and it returns more only when it has placed that one elsewhere. Readers therefore take it only when it
 * may pay (HorizonLooks below); the other reads use SERVER_LOG_HORIZON, xmin(R), sound by the first case alone.
 * Choosing per read is sound: each read's horizon holds for its own snapshot, whichever expression gave it, and a
 * reader's checkpoint only moves to an event that read returned (or, filtered, to the last event below that
 * read's horizon), so everything before its checkpoint was visible to the read that moved it there; a later read
 * with a lower horizon returns less, never passes anything. Only how long a reader waits depends on the choice.
 */
export const LOG_HORIZON = `(case
  when pg_snapshot_xmin(pg_current_snapshot()) = pg_snapshot_xmax(pg_current_snapshot()) then pg_snapshot_xmax(pg_current_snapshot())
  when coalesce((select x.transaction_id from ${EVENTS} x order by x.transaction_id desc limit 1), '0'::xid8)
    < pg_snapshot_xmin(pg_current_snapshot()) then pg_snapshot_xmin(pg_current_snapshot())
  else coalesce(
    (select r.xid from pg_snapshot_xip(pg_current_snapshot()) as r(xid)
     where r.xid::xid not in (
       select a.backend_xid from pg_stat_get_activity(case when pg_stat_clear_snapshot() is null then 0 end) a
       where a.backend_xid is not null and a.datid is distinct from (select d.oid from pg_database d where d.datname = current_database())
       union all
       select p.transaction from pg_prepared_xact() p where p.dbid <> (select d.oid from pg_database d where d.datname = current_database()))
     order by r.xid limit 1),
    pg_snapshot_xmax(pg_current_snapshot()))
end)`;

/**
 * The server-wide horizon, xmin(R): every xid below it had ended when R was taken (the first case above), so it
 * is sound on its own; it waits for every transaction open on the server, of any database. What a read uses
 * when the look would not move the horizon (HorizonLooks).
 */
export const SERVER_LOG_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/** A log read's extra columns for HorizonLooks (over relation `h` with column `horizon`): xmin(R), and whether the horizon passed it. */
export const HORIZON_COLUMNS = `${SERVER_LOG_HORIZON}::text as server_horizon, h.horizon > ${SERVER_LOG_HORIZON} as horizon_passed`;

/** How long the server-wide horizon stands at one transaction before reads look past it (default). */
export const HORIZON_LOOK_AFTER_MS = 100;

/**
 * When a store's log reads take the look (LOG_HORIZON) and when they read below the server-wide horizon
 * (SERVER_LOG_HORIZON). Both are sound (no event below either can commit later); they differ only in what they
 * wait for, and only while the oldest transaction open on the server, xmin(R), is another database's (the look
 * places it there and passes it). In a database alone on its server nearly every look returns xmin(R), and its
 * cost (a row built per backend slot) buys nothing.
 *
 * So a read looks only when waiting could be long, or when looking is known to pay:
 *   - the server-wide horizon has stood at the same transaction for `afterMs` (as this store's reads found it) and
 *     no look was taken in the last `afterMs`: a long transaction holds it, of this database (the look cannot
 *     pass it: waited for, as always) or of another (the look passes it);
 *   - or the last look passed the server-wide horizon: reads keep looking while that lasts.
 * Other reads use the server-wide horizon: a short transaction of another database that holds it is waited for
 * as a short one of this database is, and one open longer holds a reader back about `afterMs` (plus the reader's
 * own pause between held-back reads), no longer. A busy neighbour database whose transactions are often the
 * oldest open keeps the looks paying, and reads look about as often as they all did before. One per store (and
 * its `raw` view): xmin(R) is the server's, not a reader's, so all readers of a process learn it together.
 */
export class HorizonLooks {
  /** The server-wide horizon as reads last found it, and since when (this store's clock). */
  private standing: string | undefined;
  private standingSince = 0;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private paying = false;

  constructor(
    private readonly afterMs = HORIZON_LOOK_AFTER_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the next read takes the look. */
  shouldLook(): boolean {
    if (this.paying) return true;
    const now = this.now();
    return this.standing !== undefined && now - this.standingSince >= this.afterMs && now - this.lookedAt >= this.afterMs;
  }

  /** What a read found: the server-wide horizon of its snapshot, and whether it looked and passed it. */
  read(serverHorizon: string, looked: boolean, passed: boolean): void {
    const now = this.now();
    if (serverHorizon !== this.standing) {
      this.standing = serverHorizon;
      this.standingSince = now;
    }
    if (!looked) return;
    this.lookedAt = now;
    this.paying = passed;
  }
}
