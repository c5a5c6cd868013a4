// `@leadline/platform/testing`: services in a real Nest application on a fresh database or PGlite folder, started as in production.
import type { INestApplication } from '@nestjs/common';
import type { PostgresEventStore, SqlDatabase } from '@leadline/event-store';
import { freshStoreLocation, type Driver, type StoreLocation } from '@leadline/testing';
import { EVENT_STORE, loadConfig, SQL_DATABASE, startLeadlineApp, type Environment, type ServiceDescriptor } from '../src';

export interface TestApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>` when started with `listen`, else ''. */
  readonly url: string;
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  readonly location: StoreLocation;
  /** Events in the whole store (every service's), or in one category. */
  countEvents(category?: string): Promise<number>;
  close(): Promise<void>;
}

/** The services' app, initialised with its reactions running (and listening on a free port with `listen`). */
export async function startTestApp(
  services: readonly ServiceDescriptor[],
  driver: Driver,
  label: string,
  options: { readonly listen?: boolean; /** Settings beside the store's (e.g. INTAKE_RATE_LIMIT). */ readonly env?: Environment } = {},
): Promise<TestApp> {
  const location = await freshStoreLocation(driver, label);
  const app = await startLeadlineApp(services, loadConfig({ ...options.env, ...location.env })).catch(async (error: unknown) => {
    await location.cleanup();
    throw error;
  });
  if (options.listen) await app.listen(0, '127.0.0.1');
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  return {
    app,
    url: options.listen ? (await app.getUrl()).replace('[::1]', '127.0.0.1') : '',
    db,
    store: app.get<PostgresEventStore>(EVENT_STORE),
    location,
    async countEvents(category?: string) {
      const { rows } = await db.query<{ n: string }>(
        'select count(*)::text as n from event_store.events where $1::text is null or category = $1',
        [category ?? null],
      );
      return Number(rows[0].n);
    },
    async close() {
      await app.close();
      await location.cleanup();
    },
  };
}
