import type { Clock } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { waitFor, type Driver } from '@leadline/testing';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { createMetricsService } from '../src/metrics.module';

export interface ApiTestApp extends TestApp {
  /** The pg database URL (pg driver only). */
  readonly databaseUrl: string | undefined;
  /** Appends recorded-looking events (a fixture history) to the store, in order, and waits until the live version has applied them. */
  load(history: readonly RecordedEvent[]): Promise<void>;
  /** Resolves once no version is building and the live one has applied the whole log. */
  caughtUp(): Promise<void>;
}

export interface ApiTestAppOptions {
  readonly clock: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The real metrics service (engine, read models, metrics API, spend) in a Nest app listening on a free port, on a fresh pg database or PGlite folder. */
export async function startApiTestApp(driver: Driver, label: string, options: ApiTestAppOptions): Promise<ApiTestApp> {
  const env = { METRICS_POLL_MS: '20', METRICS_VERSION_POLL_MS: '100', METRICS_ANALYST_ROLE: 'off', ...options.env };
  const t = await startTestApp([createMetricsService({ clock: options.clock, env })], driver, label, { listen: true, env: options.env });
  const runner = t.app.get(MetricsRunner);
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
    ...t,
    databaseUrl: driver === 'pg' ? t.location.location : undefined,
    async load(history) {
      for (const event of history) {
        await t.store.appendToStream(event.streamId, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }]);
      }
      await caughtUp();
    },
    caughtUp,
  };
}
