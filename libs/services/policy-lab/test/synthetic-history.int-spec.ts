import { join } from 'node:path';
import { createPgDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { testAdminKey } from '@leadline/platform/testing';
import { createTestDatabase, freePort, killIfRunning, runTs, waitFor, type TestDatabase, type TsProcess } from '@leadline/testing';
import type { IcpModel, LabRecord, RoutingBacktest, ScoringBacktest, TrainingReport } from '@leadline/domain';
import {
  LogisticRegressionFitter,
  PolicyLabRunner,
  readLabHistory,
  runSyntheticLine,
  startFirmographicsProvider,
  syntheticCompanies,
  syntheticLeads,
  type SyntheticLineResult,
} from '../src';

const PLATFORM = join(__dirname, '..', '..', '..', '..', 'apps', 'platform', 'src', 'main.ts');
/** Enough leads for the truth to show through sampling noise, few enough for CI: about two minutes on 2 cores. */
const LEADS = 600;

/** What a sales-ops analyst who knew the truth would write: fintech, senior buyers, demo requests. */
function rightWeights(active: IcpModel): IcpModel {
  const outbound = ['purchased-list', 'sdr-research', 'referral', 'event'];
  const sources = Object.fromEntries(
    Object.keys(active.fits.leadSources).map((s) => [s, s === 'demo-request' ? 1 : outbound.includes(s) ? 0.1 : 0.2]),
  );
  return {
    ...active,
    modelId: 'icp-right-weights',
    version: active.version + 1,
    weights: { buyingAuthority: 35, headcountBand: 0, revenueBand: 0, industryFit: 35, technologyFit: 0, leadSource: 30 },
    fits: {
      ...active.fits,
      seniority: { 'c-level': 1, vp: 1, director: 0.1, manager: 0.05, 'individual-contributor': 0, unknown: 0 },
      industries: { fintech: 1 },
      leadSources: sources as IcpModel['fits']['leadSources'],
    },
  };
}

describe('the policy lab on a synthetic history made by the real services (embedded platform on PostgreSQL)', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  let platform: TsProcess | undefined;
  let provider: Awaited<ReturnType<typeof startFirmographicsProvider>>;
  let line: SyntheticLineResult;
  let records: LabRecord[];
  let active: IcpModel;
  let runner: PolicyLabRunner;

  beforeAll(async () => {
    const companies = syntheticCompanies(300, 16);
    provider = await startFirmographicsProvider(companies);
    database = await createTestDatabase('policy-lab-synthetic');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const apiKey = testAdminKey();
    platform = runTs(PLATFORM, [], {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: apiKey,
      // One client posts all 600 leads: the per-client intake rate limit (300 a minute) is for the public edge.
      INTAKE_RATE_LIMIT: '0',
      PORT: String(port),
      DEMO_ORG: 'false',
      ENRICHMENT_HTTP_URL: provider.url,
    });
    await waitFor(
      () =>
        fetch(`${base}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 120_000,
        message: () => `platform not ready:\n${platform?.output()}`,
      },
    );
    line = await runSyntheticLine({ baseUrl: base, apiKey, leads: syntheticLeads(LEADS, companies, 17), concurrency: 8 });
    active = (await (await fetch(`${base}/scoring/models/current`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as IcpModel;
    db = await createPgDatabase(database.url);
    records = await readLabHistory(await PostgresEventStore.create(db));
    runner = new PolicyLabRunner(active, new LogisticRegressionFitter());
  }, 600_000);

  afterAll(async () => {
    if (platform) await killIfRunning(platform);
    await db?.close();
    await provider?.close();
    await database?.drop();
  });

  it('ran every lead through the line: scored, routed, worked, some won', () => {
    expect(line.assigned + line.recycled).toBe(LEADS);
    expect(line.qualified).toBeGreaterThan(60);
    expect(line.won).toBeGreaterThan(15);
    expect(records.filter((r) => r.event.type === 'LeadScored')).toHaveLength(LEADS);
  });

  it('the back-test finds that a candidate with the right weights ranks qualified leads better than the active model, and the report says so', () => {
    const report = runner.scoring(records, [rightWeights(active)]);
    const [shipped, right] = (report.json as ScoringBacktest).models;
    expect(right.qualification.auc).toBeGreaterThan((shipped.qualification.auc ?? 1) + 0.05);
    expect(report.markdown).toMatch(
      /- icp-right-weights v\d+ ranks qualified leads better than the active model: AUC 0\.\d{3} vs 0\.\d{3} \(\+0\.\d{3}\)\./,
    );
  });

  it('the learned model recovers the features that drive the synthetic outcomes', () => {
    const { model, report } = runner.train(records, { target: 'qualified', modelId: 'icp-learned', version: active.version + 1, seed: 1 });
    const drivers = (report.json as TrainingReport).drivers.map((d) => `${d.factor}:${d.level}`);
    // The strongest truth (log-odds 2 on one column) leads. Demo requests' 1.2 is one column among the lead sources,
    // whose other columns are noise; seniority's 1.5 is split over two columns (c-level, vp) of about 120 training
    // leads each. The split into training and hold-out follows the run's lead ids, so on 420 training leads their
    // ranks among the positive drivers move with sampling noise (demo-request was 6th behind two size bands in one CI
    // run): each must be among them, demo-request the first of the lead sources, and senior buyers valued over junior.
    expect(drivers.slice(0, 5)).toContain('industryFit:fintech');
    expect(drivers.filter((d) => d.startsWith('leadSource:'))[0]).toBe('leadSource:demo-request');
    expect(drivers.some((d) => d === 'buyingAuthority:c-level' || d === 'buyingAuthority:vp')).toBe(true);
    const seniority = model.fits.seniority;
    const senior = Math.max(seniority['c-level'] ?? 0, seniority.vp ?? 0);
    expect(senior).toBeGreaterThan(seniority['individual-contributor'] ?? 0);
    expect(senior).toBeGreaterThan(seniority.manager ?? 0);
    expect(model.fits.industries['fintech']).toBe(1);
    // The learned model back-tests like any other version, and ranks better than the shipped one.
    const backtest = runner.scoring(records, [model]).json as ScoringBacktest;
    expect(backtest.comparisons[0].aucDelta.qualification).toBeGreaterThan(0);
  });

  it('replaying the active routing policy over the recorded history gives every lead the SDR the line gave it', () => {
    const [activeReplay] = runner.routing(records, []);
    const report = activeReplay.json as RoutingBacktest;
    expect(report.requests).toBe(line.assigned);
    expect(report.differences).toEqual([]);
    expect(report.sameAsRecorded).toBe(line.assigned);
  });
});
