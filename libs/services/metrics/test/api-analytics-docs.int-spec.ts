import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createPgDatabase,
  createPgliteDatabase,
  migrateEventStore,
  PostgresEventStore,
  type SqlDatabase,
  type SqlExecutor,
} from '@leadline/event-store';
import { createTestDatabase, randomSuffix, testInfra, type TestDatabase } from '@leadline/testing';
import { ensureAnalystRole } from '../src/api/analyst/analyst-role';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { READ_MODELS } from '../src/read-models';
import { DRIVERS } from './api-test-app';
import { HISTORY } from './fixtures/metrics-history';

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'analytics.md'), 'utf8');
/** Every ```sql block with the heading above it. */
const BLOCKS = DOC.split(/^#{2,3} /m).flatMap((section) =>
  [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => [section.split('\n')[0], m[1]] as const),
);
const SETTINGS = {
  liveBatchSize: 500,
  rebuildBatchSize: 500,
  versionPollMs: 60_000,
  keepRetired: 1,
  switchMaxLag: 0,
  autoRebuild: true,
  processorPollMs: 20,
};

describe('docs/analytics.md', () => {
  it('has at least ten example queries and names every metrics view', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(10);
    for (const table of READ_MODELS.flatMap((m) => m.tables)) expect(DOC).toContain(`\`metrics.${table}\``);
  });
});

describe.each(DRIVERS)('the SQL examples of docs/analytics.md on %s, on the fixture history', (driver) => {
  let database: TestDatabase | undefined;
  let db: SqlDatabase;
  let runner: MetricsRunner;
  let analyst: Client | undefined;
  const login = `ll_docs_${randomSuffix(8).toLowerCase()}`;
  /** On pg the examples run as an analyst login (read-only role); PGlite has no other users to connect as. */
  let reader: SqlExecutor;

  beforeAll(async () => {
    database = driver === 'pg' ? await createTestDatabase('metrics-analytics-docs') : undefined;
    db = database ? await createPgDatabase(database.url) : await createPgliteDatabase();
    await migrateEventStore(db);
    const store = await PostgresEventStore.create(db);
    for (const e of HISTORY) await store.appendToStream(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
    runner = new MetricsRunner(db, store, READ_MODELS, SETTINGS);
    await runner.start();
    const deadline = Date.now() + 30_000;
    while ((await runner.status()).versions.some((v) => v.status === 'live' && v.eventsBehind !== 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    reader = db;
    if (database) {
      await ensureAnalystRole(db, { login: { user: login, password: 'docs' } });
      const url = new URL(database.url);
      [url.username, url.password] = [login, 'docs'];
      analyst = new Client({ connectionString: url.toString() });
      await analyst.connect();
      const client = analyst;
      reader = {
        query: async (text, params) => client.query(text, params as unknown[]).then((r) => ({ rows: r.rows, rowCount: r.rowCount ?? 0 })),
      } as SqlExecutor;
    }
  });

  afterAll(async () => {
    await analyst?.end().catch(() => undefined);
    await runner?.stop();
    await db?.close();
    if (database) {
      await database.drop();
      const admin = new Client({ connectionString: testInfra().postgresAdminUrl });
      await admin.connect();
      await admin.query(`drop role if exists ${login}`).finally(() => admin.end());
    }
  });

  it.each(BLOCKS)('%s runs and answers rows', async (_name, sql) => {
    const { rows } = await reader.query(sql);
    expect(rows.length).toBeGreaterThan(0);
  });
});
