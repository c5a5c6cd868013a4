import type { INestApplication } from '@nestjs/common';
import type { EventStore, SqlDatabase } from '@leadline/event-store';
import { createLeadlineApp, EVENT_STORE, loadConfig, SQL_DATABASE } from '@leadline/platform';
import { createTempDir, createTestDatabase } from '@leadline/testing';
import { leadIntakeService } from '../src/lead-intake.module';

export type Driver = 'pg' | 'pglite';
export const DRIVERS: readonly Driver[] = ['pg', 'pglite'];

export interface IntakeApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly db: SqlDatabase;
  readonly store: EventStore;
  /** Events in the whole store (every service's). */
  countEvents(): Promise<number>;
  close(): Promise<void>;
}

/** The real lead-intake app in-process, listening on a free port, on a fresh pg database or PGlite folder. */
export async function startIntakeApp(driver: Driver, label: string): Promise<IntakeApp> {
  const database = driver === 'pg' ? await createTestDatabase(label) : undefined;
  const dir = driver === 'pglite' ? await createTempDir(label) : undefined;
  const config = loadConfig(database ? { DATABASE_URL: database.url } : { DATA_DIR: dir?.path });
  const app = await createLeadlineApp([leadIntakeService], config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    url,
    db,
    store,
    async countEvents() {
      const { rows } = await db.query<{ n: string }>('select count(*)::text as n from event_store.events');
      return Number(rows[0].n);
    },
    async close() {
      await app.close();
      await database?.drop();
      await dir?.cleanup();
    },
  };
}

export const person = (overrides: Record<string, unknown> = {}) => ({
  source: 'inbound-web',
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' },
  company: { name: 'Acme Inc.', website: 'https://www.acme.com', country: 'US' },
  consent: true,
  ...overrides,
});
