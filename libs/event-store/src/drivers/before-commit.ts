import type { SqlExecutor } from '../sql.port';

/** The work queued on each open transaction's executor, in the order it was queued. */
const open = new WeakMap<SqlExecutor, (() => Promise<void>)[]>();

/**
 * The drivers run a transaction's body through this: `tx` counts as open while `body` runs, and the
 * work queued on it with `beforeCommit` runs after `body` has returned, in `tx`, before COMMIT (work
 * may queue more work). A failure anywhere rolls the whole transaction back.
 */
export async function runTransactionBody<T>(tx: SqlExecutor, body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const queue: (() => Promise<void>)[] = [];
  open.set(tx, queue);
  try {
    const result = await body(tx);
    for (let work = queue.shift(); work; work = queue.shift()) await work();
    return result;
  } finally {
    open.delete(tx);
  }
}

/**
 * Queues `work` to run in `tx` once the transaction's body has returned, just before COMMIT: a
 * consumer hands every event of a chunk the same transaction, so handlers can gather what each
 * event changes and write it for the whole chunk in one statement. `tx` must be the executor a
 * `SqlDatabase.transaction` body got (an error otherwise: on the database itself, the work would
 * never run).
 */
export function beforeCommit(tx: SqlExecutor, work: () => Promise<void>): void {
  const queue = open.get(tx);
  if (!queue) throw new Error('beforeCommit: not the executor of an open transaction');
  queue.push(work);
}

/**
 * State a transaction gathers and writes once, just before it commits: the returned function gives, for an open
 * transaction's executor, the state `start()` made on its first call in that transaction, and queues `flush` for it
 * (beforeCommit). A delivery's handlers each add their event to it; `flush` writes them all in as few statements as it
 * can. State added while `flush` runs starts a new state, flushed after it.
 */
export function gatheredBeforeCommit<S>(start: () => S, flush: (tx: SqlExecutor, state: S) => Promise<void>): (tx: SqlExecutor) => S {
  const byTransaction = new WeakMap<SqlExecutor, S>();
  return (tx) => {
    if (byTransaction.has(tx)) return byTransaction.get(tx) as S;
    const state = start();
    beforeCommit(tx, async () => {
      byTransaction.delete(tx);
      await flush(tx, state);
    });
    byTransaction.set(tx, state);
    return state;
  };
}
