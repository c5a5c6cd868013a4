import { EventEmitter } from 'node:events';
import type { SqlDatabase, SqlSession } from '../sql.port';

type QueryCallback = (error: Error | null, result?: DriverResult) => void;

interface DriverResult {
  readonly rows: unknown[];
  readonly rowCount: number;
  readonly command: string;
}

/** How the driver's one connection runs a statement. */
type RunQuery = (text: string, params?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number }>;

/** The one connection TypeORM's postgres driver gets: every statement through `run`, in order. */
class DriverConnection extends EventEmitter {
  constructor(private readonly run: RunQuery) {
    super();
  }

  query(text: string, paramsOrCallback?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<DriverResult> {
    const params = Array.isArray(paramsOrCallback) ? paramsOrCallback : undefined;
    const done = typeof paramsOrCallback === 'function' ? paramsOrCallback : callback;
    const result = this.run(text, params).then(({ rows, rowCount }) => ({
      rows,
      rowCount,
      command: /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '',
    }));
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
 * A `pg.Pool` look-alike over one connection, for TypeORM's postgres driver (`driver: { Pool }`),
 * as the typeorm-pglite package does for a PGlite of its own. `end` leaves the connection to its owner.
 */
function poolOver(run: RunQuery): { Pool: new () => EventEmitter } {
  const connection = new DriverConnection(run);
  return {
    Pool: class extends EventEmitter {
      connect(done?: (error: Error | null, client: DriverConnection, release: () => void) => void): Promise<DriverConnection> {
        done?.(null, connection, () => undefined);
        return Promise.resolve(connection);
      }

      query(text: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<DriverResult> {
        return connection.query(text, params, callback);
      }

      end(done?: (error: Error | null) => void): Promise<void> {
        done?.(null);
        return Promise.resolve();
      }
    },
  };
}

/**
 * The driver over one held session (a dedicated `pg` client, or PGlite's one connection): the
 * migration runner holds its advisory lock on the same connection TypeORM migrates on, and every
 * statement (BEGIN/COMMIT included) runs on it in order.
 */
export function sessionDriver(session: SqlSession): { Pool: new () => EventEmitter } {
  return poolOver((text, params) => session.query(text, params));
}

/**
 * The driver over a SqlDatabase (the PGlite or pool the event store already runs on), read only:
 * each statement runs in its own READ ONLY transaction, so TypeORM can read but never write.
 */
export function readOnlyDriver(db: SqlDatabase): { Pool: new () => EventEmitter } {
  return poolOver((text, params) =>
    db.transaction(async (tx) => {
      await tx.query('set transaction read only');
      return tx.query(text, params);
    }),
  );
}
