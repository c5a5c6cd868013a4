/** The slice of a SQL driver the store needs; `pg` and PGlite both implement it. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

/** A connection held for a while (session-level advisory locks live on one). */
export interface SqlSession extends SqlExecutor {
  /** True once its connection is gone: whatever the session held (advisory locks) went with it. */
  readonly lost: boolean;
  release(): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly driver: 'pg' | 'pglite';
  /**
   * Runs `fn` in one transaction (READ COMMITTED); commits on return, rolls back on throw. When
   * the connection is lost before COMMIT, the server has rolled back and `fn` may run again on a
   * new one: keep effects outside the transaction out of `fn`.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** A dedicated connection; on PGlite (one connection) the database itself. */
  session(): Promise<SqlSession>;
  /** LISTEN on a channel; returns the unlisten function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
