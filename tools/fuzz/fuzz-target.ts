import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@leadline/event-store';
import { EventLogServer, generateApiKey, loadConfig, SQL_DATABASE, startLeadlineApp } from '@leadline/platform';
import type { OpenApiDocument } from './openapi-routes';
import { PLATFORM_SERVICES } from '../../apps/platform/src/platform-services';

const SERVICES = PLATFORM_SERVICES;

/** The whole platform in one process, listening, with some things in it for routes to find. */
export interface FuzzTarget {
  readonly url: string;
  readonly document: OpenApiDocument;
  /** The admin credentials every fuzzed request carries (the fuzzer probes the handlers behind authentication). */
  readonly auth: Readonly<Record<string, string>>;
  /** Ids of the SDR, AEs, customer manager and lead the target was seeded with. */
  readonly knownIds: readonly string[];
  countEvents(): Promise<number>;
  close(): Promise<void>;
}

const allWeek = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

async function postAs(url: string, path: string, body: unknown, auth: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`seeding: POST ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

async function seed(url: string, auth: Record<string, string>): Promise<string[]> {
  const post = (at: string, path: string, body: unknown) => postAs(at, path, body, auth);
  await post(url, '/sdrs', {
    sdrId: 'sam',
    name: 'Sam',
    email: 'sam@fuzz.test',
    managerEmail: 'lead@fuzz.test',
    team: 'inbound',
    territories: ['*'],
    segments: ['*'],
    workingHours: allWeek,
    timeZone: 'UTC',
  });
  for (const [aeId, role] of [
    ['dora', 'demo-guru'],
    ['hugo', 'hunter'],
  ]) {
    await post(url, '/aes', {
      aeId,
      name: aeId,
      email: `${aeId}@fuzz.test`,
      role,
      segments: ['*'],
      workingHours: allWeek,
      timeZone: 'UTC',
    });
  }
  await post(url, '/customer-managers', { managerId: 'cora', name: 'Cora', email: 'cora@fuzz.test', segments: ['*'] });
  const lead = await post(url, '/leads', {
    source: 'demo-request',
    contact: { firstName: 'Ada', lastName: 'Fuzz', email: 'ada@fuzz.test', phone: '+1 415 555 0100', title: 'CTO' },
    company: { name: 'Fuzz Inc.', website: 'https://fuzz.test', country: 'US' },
    consent: true,
  });
  return ['sam', 'dora', 'hugo', 'cora', String(lead.leadId), randomUUID()];
}

/**
 * Reactions (processors, subscriptions) stop once the target is seeded: every event appended
 * while a request is answered is then that request's, which is how the fuzzer can tell that a
 * refused request wrote nothing.
 */
function pauseReactions(app: INestApplication): Promise<void> {
  return app.get(EventLogServer).close();
}

/** On a PostgreSQL database (DATABASE_URL) or a PGlite folder (DATA_DIR). */
export async function startFuzzTarget(env: { DATABASE_URL?: string; DATA_DIR?: string }): Promise<FuzzTarget> {
  // Thousands of requests from one address: the intake rate limit would answer most of them 429 and hide the routes.
  const adminKey = generateApiKey().key;
  const auth = { authorization: `Bearer ${adminKey}` };
  const app = await startLeadlineApp(SERVICES, loadConfig({ ...env, INTAKE_RATE_LIMIT: '0', AUTH_ADMIN_KEY: adminKey }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const knownIds = await seed(url, auth);
  await pauseReactions(app);
  const document = (await (await fetch(`${url}/docs-json`)).json()) as OpenApiDocument;
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  return {
    url,
    document,
    auth,
    knownIds,
    async countEvents() {
      const { rows } = await db.query<{ n: string }>('select count(*)::text as n from event_store.events');
      return Number(rows[0].n);
    },
    close: () => app.close(),
  };
}
