import type { LeadAssigned, LeadReassigned, SdrNotified } from '@leadline/domain';
import type { EventStore, RecordedEvent } from '@leadline/event-store';
import { EVENT_TRANSPORT } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import type { StoreLogTransport } from '@leadline/messaging';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService } from '@leadline/service-routing';
import { givenScoredLead } from './lead-events.fixture';
import { startSmtpServer, startWebhookReceiver, waitFor } from '@leadline/testing';

const SECRET = 'test-webhook-secret-0123456789';
// Monday 2 March 2026, 10:00 in Berlin: the inbound SDRs below are on shift.
const START = '2026-03-02T09:00:00.000Z';

const sdr = (sdrId: string, team: 'inbound' | 'outbound', managerEmail: string) => ({
  sdrId,
  name: sdrId.toUpperCase(),
  email: `${sdrId}@sales.example`,
  managerEmail,
  team,
  territories: ['dach'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
});

describe.each(['pg', 'pglite'] as const)('routing service on %s', (driver) => {
  const clock = new VirtualClock(START);
  let store: EventStore;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let t: TestApp;
  let firstLead: string;
  let firstOwner: string;

  const http = () => t.http();
  const stream = (leadId: string) => store.readStream(`assignment-${leadId}`);
  const ofType = async <T>(leadId: string, type: string) =>
    (await stream(leadId)).filter((e) => e.type === type) as RecordedEvent<string, T>[];
  const idle = () => (t.app.get(EVENT_TRANSPORT) as StoreLogTransport).processor('routing-assign-scored-leads')?.waitForIdle();
  const inbound = (capturedAt = clock.now().toISOString()) =>
    givenScoredLead(store, { source: 'demo-request', inbound: true, segment: 'mid-market', territory: 'dach', grade: 'A', capturedAt });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    hooks = await startWebhookReceiver(SECRET, 1);
    const env = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'leadline@example.com',
      ROUTING_WEBHOOK_URL: hooks.url,
      ROUTING_WEBHOOK_SECRET: SECRET,
      ROUTING_WEBHOOK_INITIAL_BACKOFF_MS: '20',
      ROUTING_TIMER_POLL_MS: '25',
      ROUTING_UNROUTED_RETRY_MS: '50',
    };
    t = await startTestApp([createRoutingService({ clock, env })], driver, 'routing');
    ({ store } = t);
    for (const body of [
      sdr('ada', 'inbound', 'boss@sales.example'),
      sdr('bob', 'inbound', 'boss@sales.example'),
      sdr('cy', 'outbound', 'obm@sales.example'),
    ]) {
      await http().post('/sdrs').send(body).expect(201);
    }
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await hooks?.close();
  });

  it('rejects an invalid roster entry with field errors and an unknown time zone by rule', async () => {
    const bad = await http()
      .post('/sdrs')
      .send({ ...sdr('x', 'inbound', 'not-an-email'), team: 'both' })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/managerEmail|team/);
    const tz = await http()
      .post('/sdrs')
      .send({ ...sdr('x', 'inbound', 'm@x.example'), timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(tz.body.error).toBe('invalid-sdr');
    await http()
      .post('/sdrs')
      .send(sdr('ada', 'inbound', 'm@x.example'))
      .expect(409);
    await http().patch('/sdrs/nobody').send({ weeklyCapacity: 10 }).expect(404);
  });

  it('the roster keeps SDRs as events with a default weekly capacity of 160', async () => {
    await http()
      .post('/sdrs/cy/time-off')
      .send({ from: '2026-04-01T00:00:00Z', to: '2026-04-03T00:00:00Z', reason: 'holiday' })
      .expect(201);
    const { body } = await http().get('/sdrs').expect(200);
    expect(body.map((s: { sdrId: string }) => s.sdrId)).toEqual(['ada', 'bob', 'cy']);
    expect(body[2]).toMatchObject({ profile: { weeklyCapacity: 160, team: 'outbound' }, timeOff: [{ reason: 'holiday' }] });
    expect((await store.readStream('sdr-cy')).map((e) => e.type)).toEqual(['SdrRegistered', 'SdrTimeOffScheduled']);
  });

  it('assigns an inbound A lead to an on-shift inbound SDR, schedules the SLA and notifies by email and signed webhook', async () => {
    firstLead = await inbound();
    const [assigned] = await waitFor(() => ofType<LeadAssigned['data']>(firstLead, 'LeadAssigned').then((a) => a.length && a), {
      message: 'LeadAssigned',
    });
    firstOwner = assigned.data.sdrId;
    expect(['ada', 'bob']).toContain(firstOwner);
    expect(assigned.data).toMatchObject({
      team: 'inbound',
      slaDueAt: '2026-03-02T09:05:00.000Z',
      decision: { policyId: 'inbound-on-shift-fewest-open' },
    });
    // A reaction's events name the system actor (the reaction) and the event that caused it.
    const [scored] = await store.readStream(`score-${firstLead}`);
    expect(assigned.metadata).toMatchObject({
      leadId: firstLead,
      actor: { kind: 'system', id: 'reaction:routing-assign-scored-leads', roles: [], cause: { eventId: scored.id, type: 'LeadScored' } },
    });

    const notified = await waitFor(() => ofType<SdrNotified['data']>(firstLead, 'SdrNotified').then((n) => n.length === 2 && n), {
      message: 'SdrNotified x2',
    });
    expect(notified.map((n) => n.data.channel).sort()).toEqual(['email', 'webhook']);
    for (const n of notified) {
      expect(n.metadata.actor).toEqual({
        kind: 'system',
        id: expect.stringMatching(/^reaction:/),
        roles: [],
        cause: { eventId: assigned.id, type: 'LeadAssigned' },
      });
    }
    const mail = smtp.mails.find((m) => m.to.includes(`${firstOwner}@sales.example`));
    expect(mail?.raw).toContain(`New lead assigned: ${firstLead}`);
    const hook = hooks.hooks.find((h) => h.body.leadId === firstLead && h.body.type === 'LeadAssigned');
    expect(hook).toMatchObject({ validSignature: true, eventId: assigned.id, body: { sdrId: firstOwner, purpose: 'assignment' } });
    expect(hooks.calls()).toBeGreaterThanOrEqual(2); // the first call got a 503 and was retried

    const explanation = await http().get(`/leads/${firstLead}/assignment-explanation`).expect(200);
    expect(explanation.body).toMatchObject({ currentSdrId: firstOwner, steps: [{ replayMatches: true, sdrId: firstOwner }] });
    expect(explanation.body.steps[0].decision.pool.map((m: { sdrId: string }) => m.sdrId)).toEqual(['ada', 'bob']);
  });

  it('with no activity inside the window the breach is recorded, the manager is notified and the lead is reassigned', async () => {
    clock.set('2026-03-02T09:05:00.000Z');
    const [breach] = await waitFor(() => ofType(firstLead, 'FirstTouchSlaBreached').then((b) => b.length && b), { message: 'breach' });
    expect(breach.data).toMatchObject({ leadId: firstLead, sdrId: firstOwner });
    // A timer fires as the system, naming the assignment that scheduled it.
    const [assigned] = await ofType(firstLead, 'LeadAssigned');
    expect(breach.metadata.actor).toEqual({ kind: 'system', id: 'timer', roles: [], cause: { eventId: assigned.id } });
    const [re] = await waitFor(() => ofType<LeadReassigned['data']>(firstLead, 'LeadReassigned').then((r) => r.length && r), {
      message: 'reassigned',
    });
    const other = firstOwner === 'ada' ? 'bob' : 'ada';
    expect(re.data).toMatchObject({ fromSdrId: firstOwner, sdrId: other, reason: 'sla-breach', slaDueAt: '2026-03-02T09:10:00.000Z' });
    expect(re.metadata.actor).toMatchObject({ kind: 'system', cause: { eventId: breach.id, type: 'FirstTouchSlaBreached' } });
    await waitFor(() => smtp.mails.some((m) => m.to.includes('boss@sales.example') && m.raw.includes('First-touch SLA breached')), {
      message: 'manager mail',
    });
    await waitFor(() => smtp.mails.some((m) => m.to.includes(`${other}@sales.example`) && m.raw.includes(firstLead)), {
      message: 'new owner mail',
    });
    // The new owner touches the lead in time: the second timer never fires.
    await http().post(`/leads/${firstLead}/activities`).send({ kind: 'call', outcome: 'no-answer' }).expect(201);
    clock.set('2026-03-02T09:30:00.000Z');
    await new Promise((r) => setTimeout(r, 200));
    expect(await ofType(firstLead, 'FirstTouchSlaBreached')).toHaveLength(1);
  });

  it('an activity inside the window means no breach; the lead can then be qualified', async () => {
    clock.set('2026-03-02T10:00:00.000Z');
    const leadId = await inbound();
    await waitFor(() => ofType(leadId, 'LeadAssigned').then((a) => a.length), { message: 'LeadAssigned' });
    clock.advance(4 * 60_000);
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'call', outcome: 'bad-data', sdrId: 'nobody' }).expect(403);
    // Object level: another SDR's rep key may not touch the lead; its owner's may.
    const [assigned] = await ofType<LeadAssigned['data']>(leadId, 'LeadAssigned');
    const owner = assigned.data.sdrId;
    const otherRep = await t.keyFor(['rep'], { repId: owner === 'ada' ? 'bob' : 'ada' });
    const other = await t.as(otherRep).post(`/leads/${leadId}/activities`).send({ kind: 'email', outcome: 'connected' }).expect(403);
    expect(other.body.message).toBe(`lead ${leadId} is not assigned to rep ${owner === 'ada' ? 'bob' : 'ada'}`);
    await t.as(otherRep).post(`/leads/${leadId}/qualify`).send({ reason: 'not mine' }).expect(403);
    await t.as(otherRep).get(`/leads/${leadId}/assignment-explanation`).expect(403);
    const ownerRep = await t.keyFor(['rep'], { repId: owner });
    expect((await t.as(ownerRep).get(`/leads/${leadId}/assignment-explanation`).expect(200)).body.currentSdrId).toBe(owner);
    const touched = await t.as(ownerRep).post(`/leads/${leadId}/activities`).send({ kind: 'email', outcome: 'connected' }).expect(201);
    expect(touched.body).toMatchObject({ type: 'ActivityLogged', data: { firstTouch: true, kind: 'email' } });
    // Managers: the owner's manager (the roster's managerEmail) works the lead; another team's manager and a
    // manager key naming no manager do not.
    const boss = t.as(await t.keyFor(['manager'], { managerEmail: 'Boss@sales.example' }));
    const obmKey = await t.keyFor(['manager'], { managerEmail: 'obm@sales.example' });
    const call = { kind: 'call', outcome: 'connected' };
    const foreign = await t.as(obmKey).post(`/leads/${leadId}/activities`).send(call).expect(403);
    expect(foreign.body.message).toBe(`lead ${leadId} is not in the team of manager ${obmKey.split('_')[1]}`);
    await t.as(obmKey).post(`/leads/${leadId}/disqualify`).send({ reason: 'not my team' }).expect(403);
    await t.as(obmKey).get(`/leads/${leadId}/assignment-explanation`).expect(403);
    await t
      .as(await t.keyFor(['manager']))
      .post(`/leads/${leadId}/activities`)
      .send(call)
      .expect(403);
    await boss.get(`/leads/${leadId}/assignment-explanation`).expect(200);
    expect((await boss.post(`/leads/${leadId}/activities`).send(call).expect(201)).body.data).toMatchObject({
      sdrId: owner,
      firstTouch: false,
    });
    clock.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await ofType(leadId, 'FirstTouchSlaBreached')).toHaveLength(0);
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'fax', outcome: 'connected' }).expect(400);
    await http().post(`/leads/${leadId}/qualify`).send({ reason: 'budget and timeline confirmed' }).expect(200);
    await http().post(`/leads/${leadId}/disqualify`).send({ reason: 'changed my mind' }).expect(409);
    expect((await stream(leadId)).map((e) => e.type)).toContain('LeadQualified');
  });

  it('routes outbound leads to the outbound team without an SLA timer and ignores F grades', async () => {
    const outbound = await givenScoredLead(store, {
      source: 'purchased-list',
      inbound: false,
      segment: 'smb',
      territory: 'dach',
      grade: 'B',
      capturedAt: START,
    });
    const fGrade = await givenScoredLead(store, {
      source: 'inbound-web',
      inbound: true,
      segment: 'smb',
      territory: 'dach',
      grade: 'F',
      capturedAt: START,
    });
    const [assigned] = await waitFor(() => ofType<LeadAssigned['data']>(outbound, 'LeadAssigned').then((a) => a.length && a), {
      message: 'outbound LeadAssigned',
    });
    expect(assigned.data).toMatchObject({
      sdrId: 'cy',
      team: 'outbound',
      slaDueAt: null,
      decision: { policyId: 'outbound-even-weekly-spread' },
    });
    await idle();
    expect(await stream(fGrade)).toHaveLength(0);
    await http().get(`/leads/${fGrade}/assignment-explanation`).expect(404);
  });

  it('a lead nobody is eligible for waits, and goes to the first SDR who becomes eligible, with the SLA counted from then', async () => {
    clock.set('2026-03-02T11:00:00.000Z');
    const leadId = await givenScoredLead(store, {
      source: 'inbound-web',
      inbound: true,
      segment: 'enterprise',
      territory: 'apac',
      grade: 'A',
      capturedAt: '2026-03-02T10:00:00.000Z',
    });
    await idle();
    expect(await stream(leadId)).toHaveLength(0);
    await http()
      .post('/sdrs')
      .send({ ...sdr('dee', 'inbound', 'apac-boss@sales.example'), territories: ['apac'] })
      .expect(201);
    const [assigned] = await waitFor(() => ofType<LeadAssigned['data']>(leadId, 'LeadAssigned').then((a) => a.length && a), {
      message: 'late LeadAssigned',
    });
    expect(assigned.data).toMatchObject({ sdrId: 'dee', slaDueAt: '2026-03-02T11:05:00.000Z' });
    expect(assigned.data.decision.excluded).toEqual(expect.arrayContaining([{ sdrId: 'ada', reason: 'territory apac not covered' }]));
  });

  it("a manager sees and changes only their team's SDRs (the roster's managerEmail), and hands none to another manager", async () => {
    const bossKey = await t.keyFor(['manager'], { managerEmail: 'boss@sales.example' });
    const [boss, obm] = [t.as(bossKey), t.as(await t.keyFor(['manager'], { managerEmail: 'obm@sales.example' }))];
    const ids = async (agent: typeof boss) => ((await agent.get('/sdrs').expect(200)).body as { sdrId: string }[]).map((e) => e.sdrId);
    expect(await ids(boss)).toEqual(['ada', 'bob']);
    expect(await ids(obm)).toEqual(['cy']);
    expect(await ids(t.as(await t.keyFor(['manager'])))).toEqual([]);
    expect((await http().get('/sdrs').expect(200)).body.length).toBeGreaterThanOrEqual(3);

    const refused = await boss.patch('/sdrs/cy').send({ weeklyCapacity: 160 }).expect(403);
    expect(refused.body.message).toBe(`SDR cy is not in the team of manager ${bossKey.split('_')[1]}`);
    await obm.post('/sdrs/ada/time-off').send({ from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }).expect(403);
    await obm.patch('/sdrs/cy').send({ weeklyCapacity: 160 }).expect(200);
    const moving = await boss.patch('/sdrs/ada').send({ managerEmail: 'obm@sales.example' }).expect(403);
    expect(moving.body.message).toBe('moving an SDR to another manager needs the role sales-ops');
    expect((await store.readStream('sdr-cy')).at(-1)?.metadata.actor).toMatchObject({ kind: 'api-key', roles: ['manager'] });
    expect((await store.readStream('sdr-ada')).map((e) => e.type)).not.toContain('SdrUpdated');
  });
});
