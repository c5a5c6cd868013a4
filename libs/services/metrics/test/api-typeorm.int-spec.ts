import type { DataSource } from 'typeorm';
import { createPgDatabase, createPgliteDatabase, migrateEventStore, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { metricsDataSource } from '../src/api/typeorm/metrics-data-source';
import {
  LeadView,
  METRICS_VIEW_ENTITIES,
  OpportunityView,
  RenewalWindowView,
  SlaBreachView,
  SpendView,
} from '../src/api/typeorm/metrics-views.entities';
import { READ_MODELS } from '../src/read-models';
import { HISTORY, t } from './fixtures/metrics-history';
import { DRIVERS } from './api-test-app';

const SETTINGS = {
  liveBatchSize: 500,
  rebuildBatchSize: 500,
  versionPollMs: 60_000,
  keepRetired: 1,
  switchMaxLag: 0,
  autoRebuild: true,
  processorPollMs: 20,
};

describe.each(DRIVERS)('TypeORM entities over the metrics views on %s', (driver) => {
  let database: TestDatabase | undefined;
  let db: SqlDatabase;
  let runner: MetricsRunner;
  let source: DataSource;

  beforeAll(async () => {
    database = driver === 'pg' ? await createTestDatabase('metrics-typeorm') : undefined;
    // In memory on PGlite: the entities can only see the history if the DataSource shares this very instance.
    db = database ? await createPgDatabase(database.url) : await createPgliteDatabase();
    await migrateEventStore(db);
    const store = await PostgresEventStore.create(db);
    for (const e of HISTORY) await store.appendToStream(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
    runner = new MetricsRunner(db, store, READ_MODELS, SETTINGS);
    await runner.start();
    const deadline = Date.now() + 30_000;
    while ((await runner.status()).versions.some((v) => v.status === 'live' && v.eventsBehind !== 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    source = metricsDataSource(db, database?.url, METRICS_VIEW_ENTITIES);
    await source.initialize();
  });

  afterAll(async () => {
    if (source?.isInitialized) await source.destroy();
    await runner?.stop();
    await db?.close();
    await database?.drop();
  });

  it('has an entity for every view analysts read', () => {
    const entityViews = METRICS_VIEW_ENTITIES.map((entity) => source.getMetadata(entity).tableName);
    expect(entityViews).toEqual(READ_MODELS.flatMap((m) => m.tables));
  });

  it.each(METRICS_VIEW_ENTITIES.map((entity) => [entity.name, entity] as const))(
    '%s has exactly the columns and types of its live view',
    async (_name, entity) => {
      const metadata = source.getMetadata(entity);
      const declared = new Map(metadata.columns.map((c) => [c.databaseName, source.driver.normalizeType(c)]));
      const { rows } = await db.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [metadata.schema, metadata.tableName],
      );
      expect(rows.length).toBeGreaterThan(0);
      const live = new Map(rows.map((r) => [r.column_name, r.data_type]));
      expect([...declared.entries()].sort()).toEqual([...live.entries()].sort());
    },
  );

  it('reads typed rows through repositories: Dates for times, numbers for numeric', async () => {
    const o1 = await source.getRepository(OpportunityView).findOneByOrFail({ opportunityId: 'O1' });
    expect(o1).toMatchObject({
      leadId: 'L1',
      stage: 'won',
      amount: 12_000,
      margin: 0.4,
      contractTermMonths: 12,
      wonByAeId: 'a1',
      hopeless: null,
    });
    expect(o1.wonAt).toEqual(new Date(t('03-14 11:00')));
    const breach = await source
      .getRepository(SlaBreachView)
      .findOneOrFail({ where: { leadId: 'L2' }, relations: { sdr: true, lead: true } });
    expect(breach).toMatchObject({ sdrId: 's1', sdr: { name: 'Ann', team: 'inbound' }, lead: { source: 'demo-request', segment: 'smb' } });
    expect(await source.getRepository(LeadView).countBy({ segment: 'smb' })).toBe(6);
    const windows = await source.getRepository(RenewalWindowView).find();
    expect(windows.map((w) => [w.customerId, w.renewalDate.toISOString(), w.daysBefore])).toEqual([['CU_H1', t('04-15 00:00'), 30]]);
    const spend = await source.getRepository(SpendView).find({ order: { spendId: 'ASC' } });
    expect(spend.map((s) => [s.spendId, s.amount, s.recordedAt?.toISOString()])).toEqual([
      ['SP1', 6_000, t('03-31 18:00')],
      ['SP2', 3_000, t('03-31 18:00')],
      ['SP3', 4_000, t('03-01 08:00')],
    ]);
  });

  it('is read-only: a write through the DataSource is refused by the database', async () => {
    await expect(source.query(`insert into metrics_v1.sdrs (sdr_id) values ('forged')`)).rejects.toThrow(/read-only transaction/);
    expect((await db.query(`select count(*)::int as n from metrics.sdrs where sdr_id = 'forged'`)).rows).toEqual([{ n: 0 }]);
  });

  it('leaves the shared database open when it is destroyed', async () => {
    const second = metricsDataSource(db, database?.url, METRICS_VIEW_ENTITIES);
    await second.initialize();
    await second.destroy();
    expect((await db.query('select count(*)::int as n from metrics.leads')).rows[0]).toEqual({ n: 12 });
  });
});
