import type { SqlExecutor } from '../sql.port';

const answers = new WeakMap<SqlExecutor, Map<string, Promise<unknown>>>();

/**
 * `load`'s answer, read once per transaction: a consumer hands every event of a chunk the same
 * transaction, so a read that each event's handler makes (the active model, the active policy) is
 * made once per chunk instead of once per event. `tx` must be a transaction's executor (never the
 * database itself, whose answers would be kept for good), and `load` must read what the transaction
 * does not write. A failed read is not kept: it fails the transaction, and the retry gets a new one.
 */
export function oncePerTransaction<T>(tx: SqlExecutor, key: string, load: () => Promise<T>): Promise<T> {
  let loaded = answers.get(tx);
  if (!loaded) answers.set(tx, (loaded = new Map()));
  const known = loaded.get(key) as Promise<T> | undefined;
  if (known) return known;
  const answer = load();
  loaded.set(key, answer);
  answer.catch(() => loaded.delete(key));
  return answer;
}
