// `@leadline/platform/testing`: services in a real Nest application on a fresh database or PGlite folder, started as in production.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '@leadline/domain';
import type { PostgresEventStore, SqlDatabase } from '@leadline/event-store';
import { freshStoreLocation, type Driver, type StoreLocation } from '@leadline/testing';
import {
  ApiKeys,
  EVENT_STORE,
  generateApiKey,
  loadConfig,
  SQL_DATABASE,
  startLeadlineApp,
  type Environment,
  type LeadlineAppOptions,
  type ServiceDescriptor,
} from '../src';

/** A supertest agent whose every request carries an API key. */
export type AuthedAgent = ReturnType<typeof request.agent>;

/** An agent on `target` (a URL or the app's HTTP server) sending `key` as a bearer token. */
export function authedAgent(target: Parameters<typeof request.agent>[0], key: string): AuthedAgent {
  return request.agent(target).set('authorization', `Bearer ${key}`);
}

/** A fresh admin key for a test process's AUTH_ADMIN_KEY (the platform issues it at start). */
export function testAdminKey(): string {
  return generateApiKey().key;
}

export interface TestApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>` when started with `listen`, else ''. */
  readonly url: string;
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  readonly location: StoreLocation;
  /** The admin API key the app was started with (AUTH_ADMIN_KEY). */
  readonly adminKey: string;
  /** Requests as admin: `t.http().post('/sdrs')…` (on `url` when listening, else on the HTTP server). */
  http(): AuthedAgent;
  /** Issues a key with these roles (a rep key names its rep, a manager key its manager's email) and returns the key. */
  keyFor(
    roles: readonly Role[],
    options?: { readonly repId?: string; readonly sources?: readonly string[]; readonly managerEmail?: string },
  ): Promise<string>;
  /** Requests with the given key. */
  as(key: string): AuthedAgent;
  /** Events in the whole store (every service's), or in one category. */
  countEvents(category?: string): Promise<number>;
  close(): Promise<void>;
}

/** The services' app, initialised with its reactions running (and listening on a free port with `listen`). */
export async function startTestApp(
  services: readonly ServiceDescriptor[],
  driver: Driver,
  label: string,
  options: {
    readonly listen?: boolean;
    /** Settings beside the store's (e.g. INTAKE_RATE_LIMIT, OIDC_*). */ readonly env?: Environment;
    /** The process's logger (createPlatformLogger, e.g. on a CapturedLines destination); unset: silent. */
    readonly logger?: LeadlineAppOptions['logger'];
  } = {},
): Promise<TestApp> {
  const location = await freshStoreLocation(driver, label);
  const adminKey = testAdminKey();
  const config = loadConfig({ AUTH_ADMIN_KEY: adminKey, ...options.env, ...location.env });
  const app = await startLeadlineApp(services, config, { logger: options.logger }).catch(async (error: unknown) => {
    await location.cleanup();
    throw error;
  });
  if (options.listen) await app.listen(0, '127.0.0.1');
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const url = options.listen ? (await app.getUrl()).replace('[::1]', '127.0.0.1') : '';
  const as = (key: string): AuthedAgent => authedAgent(url || app.getHttpServer(), key);
  return {
    app,
    url,
    adminKey,
    http: () => as(adminKey),
    as,
    async keyFor(roles, keyOptions = {}) {
      const issued = await app.get(ApiKeys).issue({ label: `test ${roles.join('+')}`, roles, ...keyOptions }, 'test');
      return issued.key;
    },
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
