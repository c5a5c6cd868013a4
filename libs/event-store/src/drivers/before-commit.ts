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
