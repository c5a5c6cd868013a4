import { join } from 'node:path';
import { Client } from 'pg';
import { runtimeGrants } from '@leadline/event-store';
import { migrationSetsOf, type ServiceDescriptor } from '@leadline/platform';
import { enrichmentService } from '@leadline/service-enrichment';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { metricsService } from '@leadline/service-metrics';
import { routingService } from '@leadline/service-routing';
import { scoringService } from '@leadline/service-scoring';
import {
  createTestDatabase,
  freePort,
  killIfRunning,
  randomSuffix,
  runTs,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  waitForExit,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';
import { testAdminKey } from '@leadline/platform/testing';

const ADMIN_KEY = testAdminKey();

const ROOT = join(__dirname, '..', '..', '..');
const SERVICES: readonly ServiceDescriptor[] = [leadIntakeService, enrichmentService, scoringService, routingService, metricsService];

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * Production's database rights: `migrate` runs once as the owner, then every service runs as a role
 * of its own with DML only on the event store, the inbox and its own schemas (what `migrate grants`
 * prints), and MIGRATE_ON_START=false. Metrics gets the extra rights deploy/README.md names for its
 * versioned rebuilds. A lead goes from capture to assigned over Kafka.
 */
describe('services on database roles without CREATE', () => {
  const suffix = randomSuffix()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const roleOf = (service: string) => `ll_dml_${suffix}_${service.replace(/-/g, '_')}`;
  const children: TsProcess[] = [];
  let database: TestDatabase;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase('dml-roles');
    admin = database.url;
  });

  afterAll(async () => {
    await Promise.all(children.splice(0).map((child) => killIfRunning(child, 'SIGTERM')));
    await database?.drop();
    await withClient(testInfra().postgresAdminUrl, async (client) => {
      for (const service of SERVICES) await client.query(`drop role if exists ${roleOf(service.name)}`);
    });
  });

  it('migrate as the owner, then capture → enriched → scored → assigned with DML-only roles', async () => {
    const migrate = runTs(join(ROOT, 'tools', 'migrate', 'migrate.ts'), [], { DATABASE_URL: admin, KAFKA_BROKERS: undefined });
    expect({ code: await waitForExit(migrate, 120_000), output: migrate.output() }).toEqual({
      code: 0,
      output: expect.stringMatching(/migrate: \d+ applied; the database is at this build's version/),
    });

    const urls = new Map<string, string>();
    await withClient(admin, async (client) => {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      for (const service of SERVICES) {
        const role = roleOf(service.name);
        await client.query(`create role ${role} login password 'dml-only' nosuperuser nocreatedb nocreaterole`);
        const schemas = migrationSetsOf([service]).map((set) => set.schema);
        for (const statement of runtimeGrants(schemas, role)) await client.query(statement);
        const url = new URL(admin);
        url.username = role;
        url.password = 'dml-only';
        urls.set(service.name, url.toString());
      }
      // The metrics service's extra rights for its versioned rebuilds (deploy/README.md).
      await client.query(`grant create on database ${rows[0].db} to ${roleOf('metrics')}`);
      await client.query(`grant usage, create on schema metrics to ${roleOf('metrics')}`);

      const rights = await client.query<{ role: string; database: boolean; schemas: string[] }>(
        `select r.rolname as role, has_database_privilege(r.rolname, current_database(), 'CREATE') as database,
                array(select n.nspname::text from pg_namespace n where has_schema_privilege(r.rolname, n.oid, 'CREATE') order by 1) as schemas
           from pg_roles r where r.rolname = any($1) order by 1`,
        [SERVICES.filter((s) => s.name !== 'metrics').map((s) => roleOf(s.name))],
      );
      expect(rights.rows).toHaveLength(4);
      for (const row of rights.rows) expect(row).toEqual({ role: row.role, database: false, schemas: [] });
    });

    const shared = {
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('dml'),
      MIGRATE_ON_START: 'false',
      AUTH_ADMIN_KEY: ADMIN_KEY,
    };
    const ports = new Map<string, number>();
    for (const service of SERVICES) {
      const port = await freePort();
      ports.set(service.name, port);
      const env = { ...shared, PORT: String(port), DATABASE_URL: urls.get(service.name), METRICS_ANALYST_ROLE: 'off' };
      children.push(runTs(join(ROOT, 'apps', service.name, 'src', 'main.ts'), [], env));
    }
    for (const [i, port] of [...ports.values()].entries()) {
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/ready`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeoutMs: 120_000, message: () => `${SERVICES[i].name} ready:\n${children[i].output().slice(-3000)}` },
      );
    }
    const intake = `http://127.0.0.1:${ports.get('lead-intake')}`;
    const routing = `http://127.0.0.1:${ports.get('routing')}`;

    const sdr = {
      sdrId: 'dana',
      name: 'Dana Dml',
      email: 'dana@dml.test',
      managerEmail: 'manager@dml.test',
      team: 'inbound',
      territories: ['*'],
      segments: ['*'],
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      timeZone: 'UTC',
    };
    expect((await call('POST', `${routing}/sdrs`, sdr)).status).toBe(201);
    const captured = await call('POST', `${intake}/leads`, {
      source: 'demo-request',
      contact: { firstName: 'Rita', lastName: 'Roles', email: 'rita@grants.example', title: 'VP Sales' },
      company: { name: 'Grants Inc', website: 'https://grants.example', country: 'US' },
      consent: true,
    });
    expect(captured.status).toBe(202);
    const leadId = captured.json.leadId as string;

    let owner: unknown;
    await waitFor(async () => (owner = (await call('GET', `${intake}/leads/${leadId}`)).json.ownerSdrId) !== undefined && owner !== null, {
      timeoutMs: 60_000,
      message: async () =>
        `lead ${leadId} assigned; journey: ${JSON.stringify((await call('GET', `${intake}/leads/${leadId}/journey`)).json)}`,
    });
    expect(owner).toBe('dana');
    const journey = await call('GET', `${intake}/leads/${leadId}/journey`);
    const types = ((Array.isArray(journey.json) ? journey.json : (journey.json.events ?? [])) as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['LeadCaptured', 'LeadEnriched', 'LeadScored', 'LeadAssigned']));

    // Metrics, as its own role, built its first version at run time and projects the line into it.
    const metrics = `http://127.0.0.1:${ports.get('metrics')}`;
    let versions: Record<string, unknown> = {};
    await waitFor(
      async () => {
        versions = (await call('GET', `${metrics}/metrics/versions`)).json;
        const live = (versions.versions as { version: number; lag?: number; behind?: number }[] | undefined)?.find(
          (v) => v.version === versions.live,
        );
        return live !== undefined && (versions.logEvents as number) > 0;
      },
      { timeoutMs: 30_000, message: () => `a live metrics version: ${JSON.stringify(versions)}` },
    );

    // Nothing but the metrics versions was created by a service: the DML-only roles own no object.
    await withClient(admin, async (client) => {
      const owned = await client.query<{ role: string; n: number }>(
        `select r.rolname as role, count(c.oid)::int as n from pg_roles r left join pg_class c on c.relowner = r.oid
          where r.rolname = any($1) group by r.rolname order by 1`,
        [SERVICES.filter((s) => s.name !== 'metrics').map((s) => roleOf(s.name))],
      );
      expect(owned.rows.map((row) => row.n)).toEqual([0, 0, 0, 0]);
    });
  }, 420_000);
});
