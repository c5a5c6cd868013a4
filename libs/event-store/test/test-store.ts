// `@leadline/event-store/testing`: a migrated store on a fresh database or PGlite folder, for any lib's tests.
import { DRIVERS, freshStoreLocation, type Driver } from '@leadline/testing';
import { createPgDatabase, createPgliteDatabase, PostgresEventStore, type SqlDatabase } from '../src';

export { DRIVERS, type Driver };

export interface TestStore {
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  /** The pg URL or the PGlite folder: what a child process opens. */
  readonly location: string;
  close(): Promise<void>;
}

/** A fresh, migrated event store on a database (pg) or a folder (PGlite) of its own. */
export async function openTestStore(driver: Driver, label: string, options: { readonly fastCommits?: boolean } = {}): Promise<TestStore> {
  const where = await freshStoreLocation(driver, label, options);
  const db = await openDatabase(driver, where.location);
  const store = await PostgresEventStore.create(db);
  return {
    db,
    store,
    location: where.location,
    close: async () => {
      await db.close().catch(() => undefined);
      await where.cleanup();
    },
  };
}

export function openDatabase(driver: Driver, location: string): Promise<SqlDatabase> {
  return driver === 'pg' ? createPgDatabase(location) : createPgliteDatabase(location);
}

/**
 * The same database, counting what it has committed: each statement run outside a transaction (on the
 * database or a session) and each transaction, once it has completed. Tests of idle behaviour read it.
 */
export function countingCommits(db: SqlDatabase): { readonly db: SqlDatabase; commits(): number } {
  let commits = 0;
  const counted = <T>(done: Promise<T>): Promise<T> => done.finally(() => (commits += 1));
  const counting: SqlDatabase = {
    driver: db.driver,
    query: (text, params) => counted(db.query(text, params)),
    transaction: (fn) => counted(db.transaction(fn)),
    session: async () => {
      const session = await db.session();
      return {
        get lost() {
          return session.lost;
        },
        release: () => session.release(),
        query: (text, params) => counted(session.query(text, params)),
      };
    },
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
  return { db: counting, commits: () => commits };
}

export { fillSyntheticLog, explainingReads, type ExplainedRead } from './synthetic-log';
export { waitForLogHorizon, type LogHorizonOptions } from './log-horizon-wait';
export { preparedOnTheConnection, type PreparedOnConnection } from './prepared-on-connection';
