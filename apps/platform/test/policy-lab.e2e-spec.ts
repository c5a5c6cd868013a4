// The policy lab's HTTP API on a small history the real line made (embedded platform on PostgreSQL):
// back-tests and preview answer from the recorded events and write nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IcpModel, LeadPreview, RoutingBacktest, ScoringBacktest } from '@leadline/domain';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import {
  runSyntheticLine,
  startFirmographicsProvider,
  syntheticCompanies,
  syntheticLeads,
  type SyntheticLineResult,
} from '@leadline/service-policy-lab';
import { PLATFORM_SERVICES } from '../src/platform-services';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'policy-lab');
const json = <T>(file: string): T => JSON.parse(readFileSync(join(DOCS, file), 'utf8')) as T;
const LEADS = 24;

describe('policy lab API over a live history (embedded platform, PostgreSQL)', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startFirmographicsProvider>>;
  let line: SyntheticLineResult;
  let salesOps: string;
  let analyst: string;

  beforeAll(async () => {
    const companies = syntheticCompanies(60, 16);
    provider = await startFirmographicsProvider(companies);
    t = await startTestApp(PLATFORM_SERVICES, 'pg', 'policy-lab-api', {
      listen: true,
      env: { ENRICHMENT_HTTP_URL: provider.url, INTAKE_RATE_LIMIT: '0' },
    });
    // Qualified or not as the synthetic truth says; no deals are booked (the back-tests here need captures, scores and assignments).
    const leads = syntheticLeads(LEADS, companies, 17).map((lead) => ({ ...lead, wins: false }));
    line = await runSyntheticLine({ baseUrl: t.url, apiKey: t.adminKey, leads, concurrency: 4 });
    salesOps = await t.keyFor(['sales-ops']);
    analyst = await t.keyFor(['analyst']);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('scoring back-test: the active model and the candidate judged on the recorded outcomes, as JSON and Markdown', async () => {
    const candidate = json<IcpModel>('candidate-model.json');
    const { body } = await t
      .as(salesOps)
      .post('/lab/backtests/scoring')
      .send({ candidates: [candidate] })
      .expect(200);
    const report = body.report as ScoringBacktest;
    expect(report.leads).toBe(LEADS);
    expect(report.models.map((m) => `${m.modelId} v${m.version}`)).toEqual([
      'leadline-icp v1',
      `${candidate.modelId} v${candidate.version}`,
    ]);
    expect(body.markdown).toContain('## Verdict');
    expect(body.title).toMatch(/Scoring back-test/);
  });

  it('a candidate that breaks the ICP format is a 400 naming the problem; an analyst may not run back-tests', async () => {
    const broken = {
      ...json<IcpModel>('candidate-model.json'),
      weights: { ...json<IcpModel>('candidate-model.json').weights, leadSource: 90 },
    };
    const { body } = await t
      .as(salesOps)
      .post('/lab/backtests/scoring')
      .send({ candidates: [broken] })
      .expect(400);
    expect(body).toMatchObject({ error: 'invalid-candidate', message: expect.stringMatching(/^candidates\[0\]: weights must sum to 100/) });
    await t.as(salesOps).post('/lab/backtests/scoring').send({ candidates: 'all of them' }).expect(400);
    await t.as(analyst).post('/lab/backtests/scoring').send({ candidates: [] }).expect(403);
  });

  it('routing back-test: the active policy replayed reproduces every recorded assignment; the candidate is reported beside it', async () => {
    const { body } = await t
      .as(salesOps)
      .post('/lab/backtests/routing')
      .send({ candidates: [json('candidate-policy.json')] })
      .expect(200);
    const [active, candidate] = (body as { report: RoutingBacktest }[]).map((answer) => answer.report);
    expect(active).toMatchObject({ policyId: 'routing-active', requests: line.assigned, sameAsRecorded: line.assigned, differences: [] });
    expect(candidate).toMatchObject({ policyId: 'weekly-even-spread', requests: line.assigned });
  });

  it('booking back-test answers for both fairness modes', async () => {
    const { body } = await t.as(salesOps).post('/lab/backtests/booking').send({}).expect(200);
    expect(body.markdown).toMatch(/strict/i);
    expect(body.markdown).toMatch(/flexible/i);
  });

  it('preview: a hypothetical lead and a recorded one through the active or a candidate model, writing nothing', async () => {
    const before = await t.countEvents();
    const at = new Date().toISOString();
    const lead = json<Record<string, unknown>>('lead.json');
    const hypothetical = (await t.as(salesOps).post('/lab/preview').send({ lead, at }).expect(200)).body as LeadPreview;
    expect(hypothetical.score).toMatchObject({ modelId: 'leadline-icp', grade: 'A' });
    expect(hypothetical.routing).toMatchObject({
      outcome: 'assigned',
      explanation: expect.stringMatching(/^sdr-i\w+ got the lead under inbound-on-shift-fewest-open v1/),
    });

    const candidate = json<IcpModel>('candidate-model.json');
    const underCandidate = (await t.as(salesOps).post('/lab/preview').send({ lead, at, model: candidate }).expect(200)).body as LeadPreview;
    expect(underCandidate.score).toMatchObject({ modelId: candidate.modelId, modelVersion: candidate.version });

    const leadId = line.leadIds[0];
    const { body: recorded } = await t.http().get(`/leads/${leadId}`).expect(200);
    const real = (await t.as(salesOps).post('/lab/preview').send({ leadId, at }).expect(200)).body as LeadPreview;
    expect(real.score).toMatchObject({ leadId, grade: recorded.grade });

    await t.as(salesOps).post('/lab/preview').send({ at }).expect(400);
    await t.as(salesOps).post('/lab/preview').send({ leadId, lead, at }).expect(400);
    await t.as(salesOps).post('/lab/preview').send({ leadId: 'no-such-lead', at }).expect(404);
    await t
      .as(salesOps)
      .post('/lab/preview')
      .send({ lead: { ...lead, seniority: 'emperor' }, at })
      .expect(400);
    expect(await t.countEvents()).toBe(before);
  });

  it('training refuses a history this small, saying what it needs; capacity planning answers on the recorded arrivals', async () => {
    const refused = await t.as(salesOps).post('/lab/train').send({ target: 'qualified', modelId: 'leadline-icp', version: 2 }).expect(422);
    expect(refused.body).toMatchObject({ error: 'too-little-history', message: expect.stringMatching(/200/) });
    const { body } = await t
      .as(salesOps)
      .post('/lab/capacity')
      .send({ handlingMinutes: 10, growthPercent: [0, 50], weeks: 2 })
      .expect(200);
    expect(body.markdown).toMatch(/inbound SDRs/);
    await t
      .as(salesOps)
      .post('/lab/capacity')
      .send({ perHour: [1, 2, 3] })
      .expect(400);
  });
});
