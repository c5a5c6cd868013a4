import { randomUUID } from 'node:crypto';
import { systemClock } from '@leadline/scheduling';
import { startApiTestApp, type ApiTestApp } from './api-test-app';
import { DRIVERS } from './drivers';

type Body = Record<string, unknown> & { rows: Record<string, unknown>[] };

/**
 * Answers given at a moment T are given again when asked later "as of T, as known at T", whatever
 * was recorded after T: a late capture, a late breach, a late activity, an unmerge that gives the
 * split-off capture its original capture time, a late re-scoring with a business time before T.
 * Business times are real ones here (minutes before T), as the store stamps every event with the
 * real moment it recorded it.
 */
describe.each(DRIVERS)('bitemporal metrics on %s', (driver) => {
  let api: ApiTestApp;
  const base = Date.now() - 2 * 3_600_000;
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const append = async (stream: string, type: string, data: Record<string, unknown>) => {
    const leadId = typeof data.leadId === 'string' ? data.leadId : undefined;
    await api.store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata: leadId ? { leadId } : {} }]);
  };
  const capture = (leadId: string, minutes: number, source: string, captureId = `cap-${leadId}`) => ({
    leadId,
    captureId,
    source,
    inbound: true,
    vendorId: null,
    listId: null,
    campaignId: null,
    company: { name: `Company ${leadId}`, domain: null, website: null, country: null },
    capturedAt: at(minutes),
  });
  const enriched = (leadId: string, segment: string, enrichedAt: string) =>
    append(`enrichment-${leadId}`, 'LeadEnriched', { leadId, segment, territory: 'EMEA', complete: true, enrichedAt });
  const scored = (leadId: string, grade: string, minutes: number) =>
    append(`score-${leadId}`, 'LeadScored', { leadId, score: 50, grade, reasons: [], features: {}, scoredAt: at(minutes) });
  const assigned = (leadId: string, minutes: number) =>
    append(`assignment-${leadId}`, 'LeadAssigned', {
      leadId,
      sdrId: 's1',
      team: 'inbound',
      source: 'inbound-web',
      slaDueAt: at(minutes + 5),
      slaTimerId: null,
      assignedAt: at(minutes),
    });
  const activity = (leadId: string, minutes: number) =>
    append(`assignment-${leadId}`, 'ActivityLogged', {
      leadId,
      sdrId: 's1',
      activityId: randomUUID(),
      kind: 'call',
      outcome: 'connected',
      notes: null,
      firstTouch: true,
      at: at(minutes),
    });
  const get = async (path: string, query: Record<string, string>): Promise<Body> =>
    (await api.http().get(path).query(query).expect(200)).body as Body;
  const window = () => ({ from: at(-30), to: at(60) });
  const QUESTIONS: readonly [string, () => Record<string, string>][] = [
    ['/metrics/funnel', () => ({ ...window(), period: 'month', by: 'segment,source' })],
    ['/metrics/speed-to-lead', () => ({ ...window(), period: 'month', level: 'all' })],
    ['/metrics/sla-breaches', window],
    ['/metrics/sources', () => ({ ...window(), by: 'source' })],
    ['/metrics/lists/leads', () => ({})],
  ];

  let T: string;
  const answeredAtT = new Map<string, Body>();

  beforeAll(async () => {
    api = await startApiTestApp(driver, `metrics-bitemporal-${driver}`, { clock: systemClock });
    await append('sdr-s1', 'SdrRegistered', {
      sdrId: 's1',
      name: 'Ann',
      email: 's1@x.test',
      managerEmail: 'boss@x.test',
      team: 'inbound',
      weeklyCapacity: 160,
      active: true,
      registeredAt: at(-60),
    });
    // A: touched within two minutes; C: breached; B: not yet touched; D: with a duplicate capture merged into it.
    await append('lead-A', 'LeadCaptured', capture('A', 0, 'inbound-web'));
    await enriched('A', 'smb', at(1));
    await scored('A', 'B', 1);
    await assigned('A', 1);
    await activity('A', 2);
    await append('lead-C', 'LeadCaptured', capture('C', 5, 'event'));
    await assigned('C', 5);
    await append('assignment-C', 'FirstTouchSlaBreached', { leadId: 'C', sdrId: 's1', slaDueAt: at(10), breachedAt: at(10) });
    await append('lead-B', 'LeadCaptured', capture('B', 10, 'demo-request'));
    await enriched('B', 'smb', at(11));
    await assigned('B', 11);
    await append('lead-D', 'LeadCaptured', capture('D', 20, 'content-download'));
    await append('lead-D', 'LeadDuplicateCaptured', { leadId: 'D', matchedOn: 'email', capture: capture('D', 25, 'referral', 'cap-D2') });
    await api.caughtUp();

    T = new Date().toISOString();
    for (const [path, query] of QUESTIONS) answeredAtT.set(path, await get(path, { ...query(), asOf: T }));
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Recorded after T, most of it about earlier moments.
    await append('lead-E', 'LeadCaptured', capture('E', 30, 'inbound-web'));
    await enriched('E', 'enterprise', at(31));
    await append('assignment-B', 'FirstTouchSlaBreached', { leadId: 'B', sdrId: 's1', slaDueAt: at(16), breachedAt: at(16) });
    await activity('B', 17);
    await append('lead-D', 'LeadDuplicateUnmerged', {
      leadId: 'D',
      captureId: 'cap-D2',
      newLeadId: 'D2',
      reason: 'another person',
      unmergedAt: new Date().toISOString(),
    });
    await append('lead-D2', 'LeadCaptured', capture('D2', 25, 'referral', 'cap-D2'));
    await scored('A', 'A', 30);
    await enriched('A', 'mid-market', new Date(Date.now() + 1_000).toISOString());
    await api.caughtUp();
  });
  afterAll(() => api?.close());

  it.each(QUESTIONS.map(([path, query]) => [path, query] as const))(
    '%s as of T, as known at T, asked after the late facts, is the answer given at T',
    async (path, query) => {
      const given = answeredAtT.get(path);
      const again = await get(path, { ...query(), asOf: T, knownAt: T });
      expect(again).toEqual({ ...given, knownAt: T });
      expect(again.rows.length).toBeGreaterThan(0);
    },
  );

  it('asked with the knownAt an answer echoed, gives that answer again', async () => {
    const given = answeredAtT.get('/metrics/funnel') as Body;
    const again = await get('/metrics/funnel', {
      period: 'month',
      by: 'segment,source',
      from: at(-30),
      to: at(60),
      asOf: T,
      knownAt: String(given.knownAt),
    });
    expect(again).toEqual(given);
  });

  it('as known now, the late facts count as of T: the late capture, the late breach and touch, the split-off capture once', async () => {
    const window = { from: at(-30), to: at(60), asOf: T };
    const funnel = await get('/metrics/funnel', { ...window, period: 'month', by: 'source' });
    const captured = Object.fromEntries(funnel.rows.map((r) => [r.source, r.captured]));
    expect({ before: answeredAtT.get('/metrics/funnel')?.rows.length, captured }).toEqual({
      before: 4,
      captured: { 'content-download': 1, 'demo-request': 1, event: 1, 'inbound-web': 2, referral: 1 },
    });
    const sources = await get('/metrics/sources', { ...window, by: 'source' });
    const referral = (body: Body | undefined) => body?.rows.find((r) => r.groupKey === 'referral');
    expect(referral(answeredAtT.get('/metrics/sources'))).toMatchObject({ leads: 0, duplicates: 1 });
    expect(referral(sources)).toMatchObject({ leads: 1, duplicates: 0 });
    const speed = await get('/metrics/speed-to-lead', { ...window, period: 'month', level: 'all', scope: 'inbound' });
    expect(speed.rows.map((r) => [r.leads, r.touched, r.breaches])).toEqual([[6, 2, 2]]);
    expect(answeredAtT.get('/metrics/speed-to-lead')?.rows.map((r) => [r.leads, r.touched, r.breaches])).toEqual([[4, 1, 1]]);
  });

  it('dimensions are as they were at T: a later re-enrichment does not move a lead as of T, a late re-scoring before T does', async () => {
    const leadA = async (query: Record<string, string>) => (await get('/metrics/lists/leads', query)).rows.find((r) => r.leadId === 'A');
    expect(await leadA({ asOf: T, knownAt: T })).toMatchObject({ segment: 'smb', grade: 'B' });
    expect(await leadA({ asOf: T })).toMatchObject({ segment: 'smb', grade: 'A' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await leadA({})).toMatchObject({ segment: 'mid-market', grade: 'A' });
    const bySegment = await get('/metrics/funnel', { from: at(-30), to: at(60), asOf: T, period: 'month', by: 'segment' });
    expect(Object.fromEntries(bySegment.rows.map((r) => [r.segment, r.captured]))).toEqual({ enterprise: 1, smb: 2, null: 3 });
  });
});
