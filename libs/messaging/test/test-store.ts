import { createPgDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { createTestDatabase } from '@leadline/testing';

/** An event store on a fresh test database; `close()` closes the pool and drops the database. */
export interface TestStore {
  /** The test database's name (e.g. to refuse its connections for a while). */
  readonly name: string;
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

/** A fresh test database named after `label`, its pool and the event store on it; `prepare` runs before it is handed out. */
export async function openTestStore(label: string, prepare?: (db: SqlDatabase) => Promise<unknown>): Promise<TestStore> {
  const testDb = await createTestDatabase(label);
  const db = await createPgDatabase(testDb.url);
  const store = await PostgresEventStore.create(db);
  await prepare?.(db);
  return {
    name: testDb.name,
    db,
    store,
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}
