import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import type { EventStore, RecordedEvent, SqlDatabase } from '@leadline/event-store';
import { createLeadlineApp, EVENT_STORE, loadConfig, SQL_DATABASE } from '@leadline/platform';
import { createTempDir, createTestDatabase, waitFor } from '@leadline/testing';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { createMetricsService } from '../src/metrics.module';
import type { Driver } from './drivers';

export interface ApiTestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly db: SqlDatabase;
  readonly store: EventStore;
  /** The pg database URL (pg driver only). */
  readonly databaseUrl: string | undefined;
  countEvents(category?: string): Promise<number>;
  /** Appends recorded-looking events (a fixture history) to the store, in order, and waits until the live version has applied them. */
  load(history: readonly RecordedEvent[]): Promise<void>;
  /** Resolves once no version is building and the live one has applied the whole log. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiTestAppOptions {
  readonly clock: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The real metrics service (engine, read models, metrics API, spend) in a Nest app listening on a free port, on a fresh pg database or PGlite folder. */
export async function startApiTestApp(driver: Driver, label: string, options: ApiTestAppOptions): Promise<ApiTestApp> {
  const database = driver === 'pg' ? await createTestDatabase(label) : undefined;
  const dir = driver === 'pglite' ? await createTempDir(label) : undefined;
  const config = loadConfig(database ? { DATABASE_URL: database.url } : { DATA_DIR: dir?.path });
  const env = { METRICS_POLL_MS: '20', METRICS_VERSION_POLL_MS: '100', METRICS_ANALYST_ROLE: 'off', ...options.env };
  const app = await createLeadlineApp([createMetricsService({ clock: options.clock, env })], config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const store = app.get<EventStore>(EVENT_STORE);
  const runner = app.get(MetricsRunner);
  const caughtUp = async (): Promise<void> => {
    await waitFor(
      async () => {
        const status = await runner.status();
        return (
          status.live !== null && status.versions.every((v) => v.status === 'retired' || (v.status === 'live' && v.eventsBehind === 0))
        );
      },
      { message: 'metrics: no version building and the live one caught up with the log', timeoutMs: 60_000 },
    );
  };
  return {
    app,
    url,
    db,
    store,
    databaseUrl: database?.url,
    async countEvents(category?: string) {
      const { rows } = await db.query<{ n: string }>(
        'select count(*)::text as n from event_store.events where $1::text is null or category = $1',
        [category ?? null],
      );
      return Number(rows[0].n);
    },
    async load(history) {
      for (const event of history) {
        await store.appendToStream(event.streamId, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }]);
      }
      await caughtUp();
    },
    caughtUp,
    async close() {
      await app.close();
      await database?.drop();
      await dir?.cleanup();
    },
  };
}
