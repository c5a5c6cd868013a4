import { createTempDir, createTestDatabase } from '@leadline/testing';
import { createPgDatabase, createPgliteDatabase, PostgresEventStore, type SqlDatabase } from '../src';

export type Driver = 'pg' | 'pglite';
export const DRIVERS: readonly Driver[] = ['pg', 'pglite'];

export interface TestStore {
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  /** The pg URL or the PGlite folder: what a child process opens. */
  readonly location: string;
  close(): Promise<void>;
}

/** A fresh, migrated event store on a database (pg) or a folder (PGlite) of its own. */
export async function openTestStore(driver: Driver, label: string): Promise<TestStore> {
  if (driver === 'pg') {
    const database = await createTestDatabase(label);
    const db = await createPgDatabase(database.url);
    const store = await PostgresEventStore.create(db);
    return {
      db,
      store,
      location: database.url,
      close: async () => {
        await db.close().catch(() => undefined);
        await database.drop();
      },
    };
  }
  const dir = await createTempDir(label);
  const db = await createPgliteDatabase(dir.path);
  const store = await PostgresEventStore.create(db);
  return {
    db,
    store,
    location: dir.path,
    close: async () => {
      await db.close().catch(() => undefined);
      await dir.cleanup();
    },
  };
}

export function openDatabase(driver: Driver, location: string): Promise<SqlDatabase> {
  return driver === 'pg' ? createPgDatabase(location) : createPgliteDatabase(location);
}
