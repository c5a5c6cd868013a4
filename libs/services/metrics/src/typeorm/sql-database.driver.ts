import { EventEmitter } from 'node:events';
import type { SqlDatabase } from '@leadline/event-store';

type QueryCallback = (error: Error | null, result?: DriverResult) => void;

interface DriverResult {
  readonly rows: unknown[];
  readonly rowCount: number;
  readonly command: string;
}

/**
 * One "connection" of the pool below: each query runs in its own READ ONLY transaction on the
 * shared database, so TypeORM can read the views but never write anything.
 */
class SqlDatabaseConnection extends EventEmitter {
  constructor(private readonly db: SqlDatabase) {
    super();
  }

  query(text: string, paramsOrCallback?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<DriverResult> {
    const params = Array.isArray(paramsOrCallback) ? paramsOrCallback : undefined;
    const done = typeof paramsOrCallback === 'function' ? paramsOrCallback : callback;
    const result = this.db.transaction(async (tx) => {
      await tx.query('set transaction read only');
      const { rows, rowCount } = await tx.query(text, params);
      return { rows, rowCount, command: /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '' };
    });
    if (done)
      result.then(
        (r) => done(null, r),
        (error: Error) => done(error),
      );
    return result;
  }

  release(): void {}
}

/**
 * A `pg.Pool` look-alike over our SqlDatabase, for TypeORM's postgres driver (`driver: { Pool }`),
 * as the typeorm-pglite package does for a PGlite of its own. Here it wraps the PGlite the event
 * store already runs on (one embedded database per process). `end` leaves the database open: the
 * platform closes it.
 */
class SqlDatabasePool extends EventEmitter {
  private readonly connection: SqlDatabaseConnection;

  constructor(db: SqlDatabase) {
    super();
    this.connection = new SqlDatabaseConnection(db);
  }

  connect(callback?: (error: Error | null, client: SqlDatabaseConnection, release: () => void) => void): Promise<SqlDatabaseConnection> {
    callback?.(null, this.connection, () => undefined);
    return Promise.resolve(this.connection);
  }

  query(text: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<DriverResult> {
    return this.connection.query(text, params, callback);
  }

  end(callback?: (error: Error | null) => void): Promise<void> {
    callback?.(null);
    return Promise.resolve();
  }
}

/** The `driver` option of a TypeORM postgres DataSource that reads through `db`. */
export function sqlDatabaseDriver(db: SqlDatabase): { Pool: new () => SqlDatabasePool } {
  return {
    Pool: class extends SqlDatabasePool {
      constructor() {
        super(db);
      }
    },
  };
}
