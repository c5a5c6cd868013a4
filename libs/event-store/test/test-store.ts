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
