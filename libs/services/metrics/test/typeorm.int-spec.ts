import { EntitySchema, type DataSource } from 'typeorm';
import type { SqlDatabase } from '@leadline/event-store';
import {
  LeadFactView,
  LeadView,
  METRICS_VIEW_ENTITIES,
  metricsDataSource,
  OpportunityView,
  RenewalWindowView,
  SlaBreachView,
  SpendView,
} from '../src/typeorm';
import { READ_MODELS } from '../src/read-models';
import { startLiveHistory, type LiveHistory } from './fixtures/live-history';
import { t } from './fixtures/metrics-history';
import { DRIVERS } from './drivers';

describe.each(DRIVERS)('TypeORM entities over the metrics views on %s', (driver) => {
  let live: LiveHistory;
  let db: SqlDatabase;
  let source: DataSource;

  beforeAll(async () => {
    live = await startLiveHistory(driver, 'metrics-typeorm');
    db = live.db;
    // On PGlite the DataSource shares this very instance (the only one that holds the history).
    source = metricsDataSource(db, live.databaseUrl, METRICS_VIEW_ENTITIES);
    await source.initialize();
  });

  afterAll(async () => {
    if (source?.isInitialized) await source.destroy();
    await live?.close();
  });

  it('has an entity for every view analysts read', () => {
    const entityViews = METRICS_VIEW_ENTITIES.map((entity) => source.getMetadata(entity).tableName);
    expect(entityViews).toEqual(READ_MODELS.flatMap((m) => m.tables));
  });

  it.each(METRICS_VIEW_ENTITIES.map((entity) => [entity instanceof EntitySchema ? entity.options.name : entity.name, entity] as const))(
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
    const facts = await source.getRepository(LeadFactView).find({ where: { leadId: 'L2' }, order: { logPosition: 'ASC' } });
    expect(facts.map((f) => [f.event, f.at instanceof Date, typeof f.logPosition, f.recordedAt instanceof Date])).toEqual([
      ['LeadCaptured', true, 'number', true],
      ['LeadEnriched', true, 'number', true],
      ['LeadAssigned', true, 'number', true],
      ['LeadReassigned', true, 'number', true],
      ['ActivityLogged', true, 'number', true],
      ['LeadQualified', true, 'number', true],
      ['AppointmentBooked', true, 'number', true],
      ['AppointmentHeld', true, 'number', true],
      ['OpportunityOpened', true, 'number', true],
      ['OpportunityLost', true, 'number', true],
    ]);
    const spend = await source.getRepository(SpendView).find({ order: { spendId: 'ASC' } });
    expect(spend.map((s) => [s.spendId, s.amount, s.at?.toISOString()])).toEqual([
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
    const second = metricsDataSource(db, live.databaseUrl, METRICS_VIEW_ENTITIES);
    await second.initialize();
    await second.destroy();
    expect((await db.query('select count(*)::int as n from metrics.leads')).rows[0]).toEqual({ n: 12 });
  });
});
