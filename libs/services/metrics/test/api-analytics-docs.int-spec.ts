import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { SqlExecutor } from '@leadline/event-store';
import { randomSuffix, testInfra } from '@leadline/testing';
import { ensureAnalystRole } from '../src/api/analyst/analyst-role';
import { READ_MODELS } from '../src/read-models';
import { DRIVERS } from './drivers';
import { startLiveHistory, type LiveHistory } from './fixtures/live-history';

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'analytics.md'), 'utf8');
/** Every ```sql block with the heading above it. */
const BLOCKS = DOC.split(/^#{2,3} /m).flatMap((section) =>
  [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => [section.split('\n')[0], m[1]] as const),
);

describe('docs/analytics.md', () => {
  it('has at least ten example queries and names every metrics view', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(10);
    for (const table of READ_MODELS.flatMap((m) => m.tables)) expect(DOC).toContain(`\`metrics.${table}\``);
  });
});

describe.each(DRIVERS)('the SQL examples of docs/analytics.md on %s, on the fixture history', (driver) => {
  let live: LiveHistory;
  let analyst: Client | undefined;
  const login = `ll_docs_${randomSuffix(8).toLowerCase()}`;
  /** On pg the examples run as an analyst login (read-only role); PGlite has no other users to connect as. */
  let reader: SqlExecutor;

  beforeAll(async () => {
    live = await startLiveHistory(driver, 'metrics-analytics-docs');
    reader = live.db;
    if (live.databaseUrl) {
      await ensureAnalystRole(live.db, { login: { user: login, password: 'docs' } });
      const url = new URL(live.databaseUrl);
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
    const dropLogin = live?.databaseUrl !== undefined;
    await live?.close();
    if (dropLogin) {
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
