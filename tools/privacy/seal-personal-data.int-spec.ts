import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PERSONAL_DATA_FIELDS } from '@leadline/domain';
import { createPgDatabase, PersonalDataCodec, PersonalDataVault, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { migrateLeadIntake } from '@leadline/service-lead-intake';
import { createTestDatabase, runTs, waitForExit, type TestDatabase } from '@leadline/testing';

const CLI = join(__dirname, 'seal-personal-data.ts');

const legacyCapture = (leadId: string, name: string, email: string) => ({
  type: 'LeadCaptured',
  data: {
    leadId,
    inbound: true,
    captureId: `c-${leadId}`,
    source: 'demo-request',
    vendorId: null,
    listId: null,
    campaignId: null,
    contact: { firstName: name, lastName: 'Legacy', email, phone: '+14155550777', title: 'CTO' },
    company: { name: 'Old Co', domain: 'old.example', website: null, country: 'US' },
    consent: true,
    attributes: { note: `${name} wrote before encryption` },
    capturedAt: '2025-01-01T00:00:00.000Z',
  },
  metadata: { leadId },
});

describe('npm run privacy:seal: encrypting personal data written before encryption', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  const masterKey = randomBytes(32);
  beforeAll(async () => {
    database = await createTestDatabase('privacy-seal');
    db = await createPgDatabase(database.url);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  async function seal(): Promise<{ sealedEvents: number; digestedClaims: number }> {
    const child = runTs(CLI, [], { DATABASE_URL: database.url, LEADLINE_MASTER_KEY: masterKey.toString('base64') });
    expect(await waitForExit(child, 120_000)).toBe(0);
    const summary = /\{"sealedEvents".*\}/.exec(child.output());
    if (!summary) throw new Error(`no summary in the output:\n${child.output()}`);
    return JSON.parse(summary[0]) as { sealedEvents: number; digestedClaims: number };
  }

  it('encrypts old events in place and digests old claims, once; the store reads them back as they were', async () => {
    const plain = await PostgresEventStore.create(db);
    const events = [legacyCapture('L1', 'Augusta', 'augusta@legacy.example'), legacyCapture('L2', 'Bertha', 'bertha@legacy.example')];
    for (const event of events) await plain.appendToStream(`lead-${event.data.leadId}`, [event]);
    await plain.appendToStream('lead-L1', [
      { type: 'LeadFlaggedIncomplete', data: { leadId: 'L1', missing: [] }, metadata: { leadId: 'L1' } },
    ]);
    await migrateLeadIntake(db);
    await db.query(`insert into lead_intake.identity_claims (kind, value, lead_id) values ('email', 'augusta@legacy.example', 'L1')`);

    expect(await seal()).toEqual({ sealedEvents: 2, digestedClaims: 1 });

    const { rows } = await db.query<{ text: string }>(
      `select string_agg(data::text, ' ') as text from event_store.events where event_type = 'LeadCaptured'`,
    );
    expect(rows[0].text).not.toMatch(/Augusta|Bertha|legacy\.example|5550777/);
    const vault = await PersonalDataVault.open(db, masterKey);
    const store = await PostgresEventStore.create(db, { migrate: false, codec: new PersonalDataCodec(vault, PERSONAL_DATA_FIELDS) });
    expect((await store.readStream('lead-L1'))[0].data).toEqual(events[0].data);
    expect((await store.readStream('lead-L2'))[0].data).toEqual(events[1].data);
    const claims = await db.query<{ value: string }>(`select value from lead_intake.identity_claims where lead_id = 'L1'`);
    expect(claims.rows.map((r) => r.value)).toEqual([vault.digest('email:augusta@legacy.example')]);

    expect(await seal()).toEqual({ sealedEvents: 0, digestedClaims: 0 });
  }, 300_000);
});
