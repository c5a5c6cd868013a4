import { createPgDatabase, createPgliteDatabase, type SqlDatabase } from '@leadline/event-store';
import type { LeadCaptured } from '@leadline/domain';
import { createTempDir, createTestDatabase } from '@leadline/testing';
import { migrateEnrichment } from '../src/enrichment.migration';
import { CompanyDirectoryProvider } from '../src/providers/company-directory.provider';

const lead = (domain: string | null, email: string | null) =>
  ({ leadId: 'l-1', contact: { email }, company: { domain } }) as unknown as LeadCaptured['data'];

describe.each(['pg', 'pglite'] as const)('CompanyDirectoryProvider on %s', (kind) => {
  let db: SqlDatabase;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    if (kind === 'pg') {
      const testDb = await createTestDatabase('company-directory');
      cleanups.push(() => testDb.drop());
      db = await createPgDatabase(testDb.url);
    } else {
      const dir = await createTempDir('company-directory');
      cleanups.push(() => dir.cleanup());
      db = await createPgliteDatabase(dir.path);
    }
    cleanups.push(() => db.close());
    await migrateEnrichment(db);
    await migrateEnrichment(db);
    await db.query(`insert into enrichment.companies values ('acme.com', 'Acme', 12, 3500000.5, 'software', '{aws}')`);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const provider = new CompanyDirectoryProvider();

  it('finds the company by its domain, else by the email domain; null when unknown', async () => {
    await db.transaction(async (tx) => {
      const found = { headcount: 12, annualRevenue: 3500000.5, industry: 'software', technologies: ['aws'] };
      expect(await provider.enrich(lead('acme.com', null), { tx })).toEqual(found);
      expect(await provider.enrich(lead(null, 'jo@ACME.com'), { tx })).toEqual(found);
      expect(await provider.enrich(lead('other.com', null), { tx })).toBeNull();
      expect(await provider.enrich(lead(null, null), { tx })).toBeNull();
    });
  });

  it('answers many leads in one lookup, in their order, a domain asked twice found twice', async () => {
    await db.transaction(async (tx) => {
      const found = { headcount: 12, annualRevenue: 3500000.5, industry: 'software', technologies: ['aws'] };
      const leads = [lead('other.com', null), lead('acme.com', null), lead(null, null), lead(null, 'jo@ACME.com')];
      expect(await provider.enrichMany(leads, { tx })).toEqual([null, found, null, found]);
      expect(await provider.enrichMany([lead(null, null)], { tx })).toEqual([null]);
    });
  });

  it('a failed lookup rejects without aborting the handler transaction, so the lead can still be written', async () => {
    await db.query('alter table enrichment.companies rename to companies_gone');
    try {
      const after = await db.transaction(async (tx) => {
        await expect(provider.enrich(lead('acme.com', null), { tx })).rejects.toThrow(/companies/);
        return (await tx.query<{ ok: number }>('select 1 as ok')).rows[0]?.ok;
      });
      expect(after).toBe(1);
    } finally {
      await db.query('alter table enrichment.companies_gone rename to companies');
    }
  });
});
