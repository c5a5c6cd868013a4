import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPgDatabase, createPgliteDatabase, type SqlDatabase } from '@leadline/event-store';
import { createTempDir, createTestDatabase, runTs, waitForExit, type TempDir, type TestDatabase } from '@leadline/testing';

const CLI = join(__dirname, 'import-companies.ts');

const CSV = [
  'domain,name,headcount,annual_revenue,industry,technologies',
  'https://www.Acme.com/about,Acme,1200,250000000,Software,AWS;Salesforce',
  'globex.io,Globex,40,"3,000,000",Retail,',
  'not a domain,Broken,10,1,x,',
  'initech.com,Initech,lots,1,x,',
  'acme.com,Acme Corp,1300,260000000,Software,AWS|Snowflake',
].join('\n');

let dir: TempDir;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = await createTempDir('import-companies');
  cleanups.push(() => dir.cleanup());
  await writeFile(join(dir.path, 'companies.csv'), CSV);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Target = { env: Record<string, string>; open: () => Promise<SqlDatabase> };
const targets: Record<'pg' | 'pglite', () => Promise<Target>> = {
  pg: async () => {
    const testDb: TestDatabase = await createTestDatabase('import-companies');
    cleanups.push(() => testDb.drop());
    return { env: { DATABASE_URL: testDb.url, DATA_DIR: '' }, open: () => createPgDatabase(testDb.url) };
  },
  pglite: async () => {
    const data = await createTempDir('import-companies-pglite');
    cleanups.push(() => data.cleanup());
    return { env: { DATA_DIR: data.path, DATABASE_URL: '' }, open: () => createPgliteDatabase(data.path) };
  },
};

describe.each(['pg', 'pglite'] as const)('import-companies CLI on %s', (kind) => {
  it('upserts companies by normalised domain, reports bad rows by line, and re-imports without duplicates', async () => {
    const target = await targets[kind]();
    for (let run = 0; run < 2; run++) {
      const cli = runTs(CLI, [join(dir.path, 'companies.csv')], target.env);
      expect(await waitForExit(cli, 60_000)).toBe(0);
      expect(cli.output()).toContain('{"imported":2,"rejected":2}');
      expect(cli.output()).toMatch(/line 4: domain must be a domain name/);
      expect(cli.output()).toMatch(/line 5: headcount must be a non-negative number/);
    }
    const db = await target.open();
    try {
      const { rows } = await db.query<Record<string, unknown>>(
        'select domain, name, headcount, annual_revenue::float8 as revenue, industry, technologies from enrichment.companies order by domain',
      );
      expect(rows).toEqual([
        {
          domain: 'acme.com',
          name: 'Acme Corp',
          headcount: 1300,
          revenue: 260000000,
          industry: 'software',
          technologies: ['aws', 'snowflake'],
        },
        { domain: 'globex.io', name: 'Globex', headcount: 40, revenue: 3000000, industry: 'retail', technologies: [] },
      ]);
    } finally {
      await db.close();
    }
  });

  it('exits 2 with a usage message when the file is missing', async () => {
    const cli = runTs(CLI, [join(dir.path, 'nope.csv')], (await targets[kind]()).env);
    expect(await waitForExit(cli, 60_000)).toBe(2);
    expect(cli.output()).toContain('no such file');
  });
});
