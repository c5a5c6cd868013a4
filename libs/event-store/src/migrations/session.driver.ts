import { EventEmitter } from 'node:events';
import type { SqlSession } from '../sql.port';

type QueryCallback = (error: Error | null, result?: DriverResult) => void;

interface DriverResult {
  readonly rows: unknown[];
  readonly rowCount: number;
  readonly command: string;
}

/** The one connection TypeORM's postgres driver gets: every statement on the session, in order (BEGIN/COMMIT included). */
class SessionConnection extends EventEmitter {
  constructor(private readonly session: SqlSession) {
    super();
  }

  query(text: string, paramsOrCallback?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<DriverResult> {
    const params = Array.isArray(paramsOrCallback) ? paramsOrCallback : undefined;
    const done = typeof paramsOrCallback === 'function' ? paramsOrCallback : callback;
    const result = this.session
      .query(text, params)
      .then(({ rows, rowCount }) => ({ rows, rowCount, command: /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '' }));
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
 * A `pg.Pool` look-alike over one held session (a dedicated `pg` client, or PGlite's one
 * connection), for TypeORM's postgres driver (`driver: { Pool }`): the migration runner holds its
 * advisory lock on the same connection TypeORM migrates on. `end` leaves the session to its owner.
 */
export function sessionDriver(session: SqlSession): { Pool: new () => EventEmitter } {
  const connection = new SessionConnection(session);
  return {
    Pool: class extends EventEmitter {
      connect(done?: (error: Error | null, client: SessionConnection, release: () => void) => void): Promise<SessionConnection> {
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
