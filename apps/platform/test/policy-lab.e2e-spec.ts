// The policy lab's HTTP API on a small history the real line made (embedded platform on PostgreSQL):
// back-tests and preview answer from the recorded events and write nothing; shadow candidates
// registered before the line ran record a decision for every lead and change nothing the line does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVE_ROUTING_POLICY,
  scoreLead,
  scoringInputFrom,
  type IcpModel,
  type LeadAssigned,
  type LeadPreview,
  type LeadScored,
  type LeadShadowRouted,
  type LeadShadowScored,
  type RoutingBacktest,
  type RoutingPolicy,
  type ShadowComparison,
  type ScoringBacktest,
} from '@leadline/domain';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { waitFor } from '@leadline/testing';
import { waitForLogHorizon } from '@leadline/event-store/testing';
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

/** An inbound SDR off shift all through the test: the line never picks them; a candidate that ignores shifts always does. */
const OFF_SHIFT_DAY = ((new Date().getUTCDay() + 2) % 7) + 1;
const SDR_ZED = {
  sdrId: 'sdr-zed',
  name: 'SDR Zed',
  email: 'sdr-zed@synthetic.test',
  managerEmail: 'manager@synthetic.test',
  team: 'inbound',
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [OFF_SHIFT_DAY], start: '00:00', end: '24:00' },
  timeZone: 'UTC',
  weeklyCapacity: 10_000,
};
/** Differs from the active policy by construction: inbound ignores shifts, so the never-assigned sdr-zed always wins. */
const ANYTIME: RoutingPolicy = {
  ...ACTIVE_ROUTING_POLICY,
  policyId: 'inbound-anytime',
  inbound: { ...ACTIVE_ROUTING_POLICY.inbound, id: 'inbound-anytime-fewest-open', shift: 'ignored' },
};

interface StoredEvent<T> {
  readonly stream_id: string;
  readonly data: T;
}

describe('policy lab API over a live history (embedded platform, PostgreSQL)', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startFirmographicsProvider>>;
  let line: SyntheticLineResult;
  let salesOps: string;
  let analyst: string;
  let companyDomain: string;

  beforeAll(async () => {
    const companies = syntheticCompanies(60, 16);
    // A fintech company: a demo request from its VP grades well under the promoted model too, so it is routed.
    companyDomain = (companies.find((c) => c.industry === 'Fintech') ?? companies[0]).domain;
    provider = await startFirmographicsProvider(companies);
    t = await startTestApp(PLATFORM_SERVICES, 'pg', 'policy-lab-api', {
      listen: true,
      env: { ENRICHMENT_HTTP_URL: provider.url, INTAKE_RATE_LIMIT: '0' },
    });
    // Qualified or not as the synthetic truth says; no deals are booked (the back-tests here need captures, scores and assignments).
    const leads = syntheticLeads(LEADS, companies, 17).map((lead) => ({ ...lead, wins: false }));
    salesOps = await t.keyFor(['sales-ops']);
    analyst = await t.keyFor(['analyst']);
    await t.http().post('/sdrs').send(SDR_ZED).expect(201);
    const shadow = (body: object) => t.as(salesOps).post('/lab/shadows').send(body).expect(201);
    await shadow({ candidateId: 'icp-v2', kind: 'scoring', model: json('candidate-model.json'), note: 'the right weights' });
    await shadow({ candidateId: 'anytime', kind: 'routing', policy: ANYTIME });
    line = await runSyntheticLine({ baseUrl: t.url, apiKey: t.adminKey, leads, concurrency: 4 });
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
    // The line's own reactions to the run (the shadow decisions above all) may still be appending: let them finish
    // first, so that whatever the log gains while the previews run is theirs.
    await lineSettled();
    const before = await headPosition();
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
    await waitForLogHorizon(t.db);
    expect(await appendedAfter(before)).toEqual([]);
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

  const stored = async <T>(type: string): Promise<StoredEvent<T>[]> =>
    (
      await t.db.query<StoredEvent<T>>('select stream_id, data from event_store.events where event_type = $1 order by global_position', [
        type,
      ])
    ).rows;

  /**
   * The shadow subscriptions follow the log like every reaction: wait until they have seen every score and assignment,
   * and until the log shows their decisions.
   */
  const shadowsCaughtUp = async (): Promise<void> => {
    const count = async (type: string) =>
      Number((await t.db.query<{ n: string }>('select count(*) as n from event_store.events where event_type = $1', [type])).rows[0].n);
    await waitFor(
      async () =>
        (await count('LeadShadowScored')) === (await count('LeadScored')) &&
        (await count('LeadShadowRouted')) === (await count('LeadAssigned')),
      { timeoutMs: 60_000, message: 'a shadow decision for every score and assignment' },
    );
    // The comparison reads them from the gap-safe log, which another client's open transaction may hold back.
    await waitForLogHorizon(t.db);
  };

  const headPosition = async (): Promise<string> =>
    (await t.db.query<{ p: string }>('select coalesce(max(global_position), 0)::text as p from event_store.events')).rows[0].p;

  /** What the log gained after `position`, by stream and type (an empty list when nothing was written). */
  const appendedAfter = async (position: string): Promise<string[]> =>
    (
      await t.db.query<{ e: string }>(
        "select stream_id || ' ' || event_type as e from event_store.events where global_position > $1::bigint order by global_position",
        [position],
      )
    ).rows.map((r) => r.e);

  /** The shadows have caught up and nothing has been appended for a second, twice over. */
  const lineSettled = async (): Promise<void> => {
    await shadowsCaughtUp();
    let last = await headPosition();
    let quiet = 0;
    await waitFor(
      async () => {
        const head = await headPosition();
        quiet = head === last ? quiet + 1 : 0;
        last = head;
        return quiet >= 2;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, message: 'the line appending nothing for two seconds' },
    );
    await waitForLogHorizon(t.db);
  };

  it('shadow mode: a shadow score for every lead scored, a shadow route for every lead assigned, on the lab’s own streams', async () => {
    await shadowsCaughtUp();
    const scored = await stored<LeadScored['data']>('LeadScored');
    const shadowScores = await stored<LeadShadowScored['data']>('LeadShadowScored');
    const assigned = await stored<LeadAssigned['data']>('LeadAssigned');
    const shadowRoutes = await stored<LeadShadowRouted['data']>('LeadShadowRouted');
    expect(scored).toHaveLength(LEADS);
    expect(shadowScores.map((e) => e.data.leadId).sort()).toEqual(scored.map((e) => e.data.leadId).sort());
    expect(shadowRoutes.map((e) => e.data.leadId).sort()).toEqual(assigned.map((e) => e.data.leadId).sort());
    expect([...shadowScores, ...shadowRoutes].every((e) => e.stream_id === `shadow-${e.data.leadId}`)).toBe(true);

    // The candidate model's grade from the recorded features, beside the line's.
    const candidate = json<IcpModel>('candidate-model.json');
    for (const { data } of scored) {
      const shadow = shadowScores.find((e) => e.data.leadId === data.leadId)?.data;
      const input = scoringInputFrom(data);
      if (!input) throw new Error(`lead ${data.leadId} was scored without its features`);
      const expected = scoreLead(input, candidate).data.grade;
      expect(shadow).toMatchObject({
        candidateId: 'icp-v2',
        grade: expected,
        active: { grade: data.grade },
        agrees: expected === data.grade,
      });
    }
    // Inbound: the candidate ignores shifts, so sdr-zed (never assigned, no open leads) ranks first, unless another
    // SDR of the pool has not had a lead yet either (the first leads of the run): then the seeded draw decides.
    // Outbound: the same rule as the line's, the same SDR.
    let zed = 0;
    for (const { data } of assigned) {
      const shadow = shadowRoutes.find((e) => e.data.leadId === data.leadId)?.data;
      if (!shadow?.decision) throw new Error(`no shadow decision for lead ${data.leadId}`);
      expect(shadow).toMatchObject({ candidateId: 'anytime', activeSdrId: data.sdrId, agrees: shadow.decision.chosenSdrId === data.sdrId });
      if (data.team === 'outbound') expect(shadow.decision.chosenSdrId).toBe(data.sdrId);
      else if (shadow.decision.chosenSdrId === 'sdr-zed') zed++;
      else {
        const fresh = data.decision.pool.filter((p) => p.lastAssignedAt === null && p.openLeads === 0).map((p) => p.sdrId);
        expect({ lead: data.leadId, tieBreak: shadow.decision.tieBreak, fresh }).toEqual({
          lead: data.leadId,
          tieBreak: 'seeded-draw',
          fresh: expect.arrayContaining([shadow.decision.chosenSdrId]),
        });
      }
    }
    const inbound = assigned.filter((e) => e.data.team === 'inbound').length;
    expect(zed).toBeGreaterThanOrEqual(inbound - 3);
    expect(assigned.some((e) => e.data.team === 'inbound')).toBe(true);
  });

  it('the shadow assigns and notifies nobody: sdr-zed appears only in shadow records, and the active policy replayed reproduces every live assignment', async () => {
    const { rows } = await t.db.query<{ category: string; n: string }>(
      `select category, count(*)::text as n from event_store.events where data::text like '%sdr-zed%' group by category order by category`,
    );
    // The roster (its registration) and the line's decisions that left zed out (off shift) name it; nothing else.
    expect(rows.map((r) => r.category).filter((c) => !['sdr', 'assignment', 'shadow'].includes(c))).toEqual([]);
    const assigned = await stored<{ sdrId: string }>('LeadAssigned');
    expect(assigned.filter((e) => e.data.sdrId === 'sdr-zed')).toEqual([]);
    const notified = await stored<{ sdrId: string }>('SdrNotified');
    expect(notified.filter((e) => e.data.sdrId === 'sdr-zed')).toEqual([]);
    const { body } = await t.as(salesOps).post('/lab/backtests/routing').send({}).expect(200);
    expect((body as { report: RoutingBacktest }[])[0].report).toMatchObject({ sameAsRecorded: line.assigned, differences: [] });
  });

  it('shadow candidates are listed with their status; a broken candidate or a second registration is refused', async () => {
    const { body } = await t.as(analyst).get('/lab/shadows').expect(200);
    expect(body.map((c: { candidateId: string; status: string }) => `${c.candidateId}:${c.status}`)).toEqual([
      'icp-v2:shadowing',
      'anytime:shadowing',
    ]);
    const broken = { ...json<IcpModel>('candidate-model.json'), version: 0 };
    const refused = await t.as(salesOps).post('/lab/shadows').send({ candidateId: 'broken', kind: 'scoring', model: broken }).expect(400);
    expect(refused.body).toMatchObject({ error: 'invalid-candidate', message: expect.stringMatching(/version/) });
    await t.as(salesOps).post('/lab/shadows').send({ candidateId: 'no-model', kind: 'scoring', policy: ANYTIME }).expect(400);
    await t.as(salesOps).post('/lab/shadows').send({ candidateId: 'icp-v2', kind: 'routing', policy: ANYTIME }).expect(409);
    await t.as(analyst).post('/lab/shadows').send({ candidateId: 'x', kind: 'routing', policy: ANYTIME }).expect(403);
  });

  const count = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> =>
    items.reduce((m, item) => m.set(key(item), (m.get(key(item)) ?? 0) + 1), new Map<string, number>());

  it('comparison of the scoring shadow: agreement rate, the grade changes and the outcomes of the leads it disagreed on', async () => {
    await shadowsCaughtUp();
    const shadows = (await stored<LeadShadowScored['data']>('LeadShadowScored')).map((e) => e.data);
    const qualified = new Set((await stored<{ leadId: string }>('LeadQualified')).map((e) => e.data.leadId));
    const { body } = await t.as(analyst).get('/lab/shadows/icp-v2/comparison').expect(200);
    const report = body.report as ShadowComparison;
    const differing = shadows.filter((s) => !s.agrees);
    expect(differing.length).toBeGreaterThan(0);
    expect(report).toMatchObject({
      candidateId: 'icp-v2',
      kind: 'scoring',
      decisions: LEADS,
      agreements: LEADS - differing.length,
      agreementRate: (LEADS - differing.length) / LEADS,
      outcomes: { disagreed: { leads: differing.length, qualified: differing.filter((s) => qualified.has(s.leadId)).length } },
    });
    const changes = count(differing, (s) => `${s.active.grade} → ${s.grade}`);
    expect(new Map(report.disagreements.map((g) => [g.change, g.leads]))).toEqual(changes);
    expect(body.markdown).toContain(`the candidate agreed with the line on ${LEADS - differing.length} (`);
    await t.as(salesOps).get('/lab/shadows/no-such-candidate/comparison').expect(404);
  });

  it('comparison of the routing shadow: the inbound leads it sends to the off-shift SDR are disagreements, explained', async () => {
    await shadowsCaughtUp();
    const shadows = (await stored<LeadShadowRouted['data']>('LeadShadowRouted')).map((e) => e.data);
    const { body } = await t.as(salesOps).get('/lab/shadows/anytime/comparison').expect(200);
    const report = body.report as ShadowComparison;
    const agreeing = shadows.filter((s) => s.decision?.chosenSdrId === s.activeSdrId).length;
    expect(report).toMatchObject({
      kind: 'routing',
      decisions: shadows.length,
      agreements: agreeing,
      agreementRate: agreeing / shadows.length,
    });
    const toZed = shadows.filter((s) => s.decision?.chosenSdrId === 'sdr-zed');
    expect(toZed.length).toBeGreaterThan(0);
    const zedGroups = report.disagreements.filter((g) => g.change.endsWith('→ sdr-zed'));
    expect(new Map(zedGroups.map((g) => [g.change, g.leads]))).toEqual(count(toZed, (s) => `${s.activeSdrId} → sdr-zed`));
    const example = report.examples.find((e) => e.change.endsWith('→ sdr-zed'));
    expect(example?.why).toMatch(/^sdr-zed got the lead under inbound-anytime-fewest-open v1/);
  });

  it('drop and promote are events; a promoted model and policy are what scoring and routing run next, through their own streams', async () => {
    const candidate = json<IcpModel>('candidate-model.json');
    await t
      .as(salesOps)
      .post('/lab/shadows')
      .send({ candidateId: 'spare', kind: 'scoring', model: { ...candidate, version: 3 } })
      .expect(201);
    const dropped = await t.as(salesOps).post('/lab/shadows/spare/drop').send({ reason: 'no better than icp-v2' });
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ candidateId: 'spare', status: 'dropped' });
    await t.as(salesOps).post('/lab/shadows/spare/drop').send({ reason: 'again' }).expect(409);
    await t.as(salesOps).post('/lab/shadows/spare/promote').expect(409);
    await t.as(salesOps).post('/lab/shadows/icp-v2/drop').send({}).expect(400);

    await t.as(analyst).post('/lab/shadows/icp-v2/promote').expect(403);
    expect((await t.as(salesOps).post('/lab/shadows/icp-v2/promote').expect(200)).body).toMatchObject({ status: 'promoted' });
    expect((await t.as(salesOps).post('/lab/shadows/anytime/promote').expect(200)).body).toMatchObject({ status: 'promoted' });
    const lifecycle = await t.db.query<{ stream_id: string; event_type: string; data: Record<string, unknown> }>(
      `select stream_id, event_type, data from event_store.events where category = 'shadowcandidate' order by global_position`,
    );
    expect(lifecycle.rows.map((r) => `${r.stream_id} ${r.event_type}`)).toEqual([
      'shadowcandidate-icp-v2 ShadowCandidateRegistered',
      'shadowcandidate-anytime ShadowCandidateRegistered',
      'shadowcandidate-spare ShadowCandidateRegistered',
      'shadowcandidate-spare ShadowCandidateDropped',
      'shadowcandidate-icp-v2 ShadowCandidatePromoted',
      'shadowcandidate-anytime ShadowCandidatePromoted',
    ]);
    expect(lifecycle.rows[3].data).toMatchObject({ reason: 'no better than icp-v2' });
    expect(lifecycle.rows[4].data).toMatchObject({ candidate: { kind: 'scoring', model: candidate } });
    expect(lifecycle.rows[5].data).toMatchObject({ candidate: { kind: 'routing', policy: ANYTIME } });

    // Scoring and routing react, each with its own command on its own stream.
    const activation = (stream: string) =>
      waitFor(
        async () =>
          (
            await t.db.query<{ event_type: string; data: Record<string, unknown> }>(
              `select event_type, data from event_store.events where stream_id = $1`,
              [stream],
            )
          ).rows[0],
        { timeoutMs: 30_000, message: `the activation on ${stream}` },
      );
    const model = await activation('scoringmodel-active');
    expect(model).toMatchObject({
      event_type: 'ScoringModelActivated',
      data: { model: candidate, previous: { modelId: 'leadline-icp', version: 1 } },
    });
    const policy = await activation('routingpolicy-active');
    expect(policy).toMatchObject({
      event_type: 'RoutingPolicyActivated',
      data: { policy: ANYTIME, previous: { policyId: 'routing-active', version: 1 } },
    });
    const { body: current } = await t.as(analyst).get('/scoring/models/current').expect(200);
    expect(current).toEqual(candidate);
    const { body: listed } = await t.as(analyst).get('/lab/shadows').expect(200);
    expect(listed.map((c: { candidateId: string; status: string }) => `${c.candidateId}:${c.status}`)).toEqual([
      'icp-v2:promoted',
      'anytime:promoted',
      'spare:dropped',
    ]);

    // A lead captured now is scored with the promoted model and routed by the promoted policy: the inbound lead
    // goes to sdr-zed, off shift, whom the old policy never chose; its explanation replays under the new rule.
    const { body: captured } = await t
      .http()
      .post('/leads')
      .send({
        source: 'demo-request',
        contact: { firstName: 'After', lastName: 'Promotion', email: `after@${companyDomain}`, title: 'VP Sales' },
        company: { website: `https://${companyDomain}`, country: 'US' },
        consent: true,
      })
      .expect(202);
    const assigned = await waitFor(
      async () =>
        (
          await t.db.query<{ data: LeadAssigned['data'] }>(
            `select data from event_store.events where event_type = 'LeadAssigned' and lead_id = $1`,
            [captured.leadId],
          )
        ).rows[0],
      { timeoutMs: 30_000, message: 'the new lead assigned' },
    );
    const scored = (
      await t.db.query<{ data: LeadScored['data'] }>(
        `select data from event_store.events where event_type = 'LeadScored' and lead_id = $1`,
        [captured.leadId],
      )
    ).rows[0];
    expect(scored.data).toMatchObject({ modelId: candidate.modelId, modelVersion: candidate.version });
    expect(assigned.data).toMatchObject({ sdrId: 'sdr-zed', decision: { policyId: 'inbound-anytime-fewest-open' } });
    const { body: explanation } = await t.as(salesOps).get(`/leads/${captured.leadId}/assignment-explanation`).expect(200);
    expect(JSON.stringify(explanation)).toContain('"replayMatches":true');
    const { body: backtest } = await t.as(salesOps).post('/lab/backtests/scoring').send({ candidates: [] }).expect(200);
    expect((backtest.report as ScoringBacktest).models[0]).toMatchObject({ modelId: candidate.modelId, version: candidate.version });
  });
});
