/** The slice of a SQL driver the store needs; `pg` and PGlite both implement it. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

/** A connection held for a while (session-level advisory locks live on one). */
export interface SqlSession extends SqlExecutor {
  release(): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly driver: 'pg' | 'pglite';
  /** Runs `fn` in one transaction (READ COMMITTED); commits on return, rolls back on throw. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** A dedicated connection; on PGlite (one connection) the database itself. */
  session(): Promise<SqlSession>;
  /** LISTEN on a channel; returns the unlisten function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
