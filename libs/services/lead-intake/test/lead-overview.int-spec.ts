import { waitFor } from '@leadline/testing';
import { DRIVERS, person, startIntakeApp, type IntakeApp } from './intake-app';

describe.each(DRIVERS)('reading a lead on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-overview-${driver}`);
  });
  afterAll(() => intake?.close());

  const otherService = (streamId: string, type: string, data: Record<string, unknown>, leadId: string) =>
    intake.store.appendToStream(streamId, [{ type, data: { leadId, ...data }, metadata: { leadId, correlationId: leadId } }]);

  it("shows the lead's stage, grade, owner and SLA status as the other stations report, and its whole journey in order", async () => {
    const { body } = await intake
      .http()
      .post('/leads')
      .send(person({ contact: { ...person().contact, email: 'journey@acme.com' } }))
      .expect(202);
    const leadId: string = body.leadId;
    expect((await intake.http().get(`/leads/${leadId}`).expect(200)).body).toMatchObject({
      leadId,
      stage: 'captured',
      grade: null,
      ownerSdrId: null,
      slaStatus: 'none',
      inbound: true,
    });

    await otherService(`enrichment-${leadId}`, 'LeadEnriched', { segment: 'mid-market', territory: 'us-west', complete: true }, leadId);
    await otherService(`score-${leadId}`, 'LeadScored', { score: 87, grade: 'A', modelId: 'icp', modelVersion: 1 }, leadId);
    await otherService(`assignment-${leadId}`, 'LeadAssigned', { sdrId: 'sdr-ines', slaDueAt: '2026-11-23T10:05:00.000Z' }, leadId);
    await otherService(`assignment-${leadId}`, 'SomethingRoutingAddsLater', { whatever: true }, leadId);
    await otherService(`assignment-${leadId}`, 'ActivityLogged', { sdrId: 'sdr-ines', kind: 'call', outcome: 'connected' }, leadId);

    const overview = await waitFor(
      async () => {
        const answer = await intake.http().get(`/leads/${leadId}`);
        return answer.body.slaStatus === 'met' ? answer.body : undefined;
      },
      { timeoutMs: 15_000, message: 'the overview to show the activity' },
    );
    expect(overview).toMatchObject({
      stage: 'working',
      grade: 'A',
      score: 87,
      segment: 'mid-market',
      ownerSdrId: 'sdr-ines',
      slaDueAt: '2026-11-23T10:05:00.000Z',
      slaStatus: 'met',
    });

    const journey = await intake.http().get(`/leads/${leadId}/journey`).expect(200);
    expect(journey.body.events.map((e: { type: string }) => e.type)).toEqual([
      'LeadCaptured',
      'LeadEnriched',
      'LeadScored',
      'LeadAssigned',
      'SomethingRoutingAddsLater',
      'ActivityLogged',
    ]);
    const times = journey.body.events.map((e: { recordedAt: string }) => Date.parse(e.recordedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(journey.body.events[1]).toMatchObject({ streamId: `enrichment-${leadId}`, data: { segment: 'mid-market' } });
  });

  it("folds a delivery's chunk with several events of one lead (and of another) in order, as one event at a time would", async () => {
    const capture = async (email: string, phone: string, company: string): Promise<string> => {
      const contact = { ...person().contact, email, phone };
      const { body } = await intake
        .http()
        .post('/leads')
        .send(person({ contact, company: { name: company, country: 'US' } }))
        .expect(202);
      return body.leadId as string;
    };
    const first = await capture('chunk-one@chunky.io', '+14155550181', 'Chunky One');
    const second = await capture('chunk-two@chunkier.io', '+14155550182', 'Chunky Two');
    const event = (type: string, data: Record<string, unknown>, leadId: string) => ({
      type,
      data: { leadId, ...data },
      metadata: { leadId, correlationId: leadId },
    });
    // One transaction: the subscription reads these events in one page, so one delivery folds them all.
    await intake.db.transaction(async (tx) => {
      const store = intake.store.inTransaction(tx);
      await store.appendToStream(`enrichment-${first}`, [event('LeadEnriched', { segment: 'smb', territory: 'us-east' }, first)]);
      await store.appendToStream(`score-${second}`, [event('LeadScored', { score: 12, grade: 'F' }, second)]);
      await store.appendToStream(`score-${first}`, [event('LeadScored', { score: 91, grade: 'A' }, first)]);
      await store.appendToStream(`assignment-${first}`, [
        event('LeadAssigned', { sdrId: 'sdr-chunk', slaDueAt: '2026-11-23T10:05:00.000Z' }, first),
        event('FirstTouchSlaBreached', {}, first),
        event('LeadReassigned', { sdrId: 'sdr-next', slaDueAt: '2026-11-23T10:10:00.000Z' }, first),
      ]);
      await store.appendToStream(`score-${second}`, [event('LeadSentToRecyclePool', {}, second)]);
      await store.appendToStream(`assignment-${first}`, [event('ActivityLogged', { sdrId: 'sdr-next', kind: 'call' }, first)]);
    });
    const firstOverview = await waitFor(
      async () => {
        const answer = await intake.http().get(`/leads/${first}`);
        return answer.body.lastEventType === 'ActivityLogged' ? answer.body : undefined;
      },
      { timeoutMs: 15_000, message: "the first lead's overview to fold the chunk" },
    );
    expect(firstOverview).toMatchObject({
      stage: 'working',
      segment: 'smb',
      territory: 'us-east',
      score: 91,
      grade: 'A',
      ownerSdrId: 'sdr-next',
      slaDueAt: '2026-11-23T10:10:00.000Z',
      slaStatus: 'met',
      slaBreaches: 1,
      email: 'chunk-one@chunky.io',
      companyName: 'Chunky One',
    });
    expect((await intake.http().get(`/leads/${second}`).expect(200)).body).toMatchObject({
      stage: 'recycled',
      score: 12,
      grade: 'F',
      ownerSdrId: null,
      lastEventType: 'LeadSentToRecyclePool',
      email: 'chunk-two@chunkier.io',
    });
  });

  it("object level: a rep reads only the leads its SDR owns (overview and journey); another SDR's key gets 403, an analyst reads any", async () => {
    const contact = { firstName: 'Owen', lastName: 'Own', email: 'owen@owned.io', phone: '+14155550177', title: 'CTO' };
    const { body } = await intake
      .http()
      .post('/leads')
      .send(person({ contact, company: { name: 'Owned', country: 'US' } }))
      .expect(202);
    const leadId: string = body.leadId;
    const ines = intake.as(await intake.keyFor(['rep'], { repId: 'sdr-ines' }));
    const otto = intake.as(await intake.keyFor(['rep'], { repId: 'sdr-otto' }));
    // Nobody's yet: no rep reads it.
    await waitFor(async () => (await intake.http().get(`/leads/${leadId}`)).status === 200, { message: 'the overview' });
    await ines.get(`/leads/${leadId}`).expect(403);
    await otherService(`assignment-${leadId}`, 'LeadAssigned', { sdrId: 'sdr-ines', slaDueAt: '2026-11-23T10:05:00.000Z' }, leadId);
    await waitFor(async () => (await ines.get(`/leads/${leadId}`)).status === 200, { message: 'the owner reads the lead' });
    const refused = await otto.get(`/leads/${leadId}`).expect(403);
    expect(refused.body.message).toBe(`lead ${leadId} is not assigned to rep sdr-otto`);
    await otto.get(`/leads/${leadId}/journey`).expect(403);
    expect((await ines.get(`/leads/${leadId}/journey`).expect(200)).body.events.map((e: { type: string }) => e.type)).toEqual([
      'LeadCaptured',
      'LeadAssigned',
    ]);
    await intake
      .as(await intake.keyFor(['analyst']))
      .get(`/leads/${leadId}`)
      .expect(200);
  });

  it('answers 404 for a lead it does not know', async () => {
    await intake.http().get('/leads/2d7f0c1e-0000-4000-8000-000000000000').expect(404);
    await intake.http().get('/leads/2d7f0c1e-0000-4000-8000-000000000000/journey').expect(404);
  });

  it('unmerges a duplicate into a lead of its own, reversibly recorded on both', async () => {
    const first = await intake
      .http()
      .post('/leads')
      .send(
        person({
          contact: { ...person().contact, email: 'twin@twins.io', phone: '+14155550142' },
          company: { name: 'Twins', country: 'US' },
        }),
      )
      .expect(202);
    const second = await intake
      .http()
      .post('/leads')
      .send(
        person({
          contact: { ...person().contact, email: 'other-twin@twins.io', phone: '+1 415 555 0142' },
          company: { name: 'Twins', country: 'US' },
        }),
      )
      .expect(202);
    expect(second.body).toEqual({ leadId: first.body.leadId, status: 'duplicate' });
    const leadId: string = first.body.leadId;
    const stream = await intake.store.readStream(`lead-${leadId}`);
    const captureId = (stream[1].data as { capture: { captureId: string } }).capture.captureId;

    const unmerged = await intake
      .http()
      .post(`/leads/${leadId}/duplicates/${captureId}/unmerge`)
      .send({ reason: 'shared desk phone' })
      .expect(200);
    const again = await intake
      .http()
      .post(`/leads/${leadId}/duplicates/${captureId}/unmerge`)
      .send({ reason: 'shared desk phone' })
      .expect(200);
    expect(again.body).toEqual(unmerged.body);
    const newLeadId: string = unmerged.body.newLeadId;
    expect((await intake.http().get(`/leads/${newLeadId}`).expect(200)).body).toMatchObject({
      email: 'other-twin@twins.io',
      stage: 'captured',
    });
    expect((await intake.http().get(`/leads/${leadId}`).expect(200)).body.duplicates).toBe(0);
    const types = (await intake.store.readStream(`lead-${leadId}`)).map((e) => e.type);
    expect(types).toEqual(['LeadCaptured', 'LeadDuplicateCaptured', 'LeadDuplicateUnmerged']);

    await intake.http().post(`/leads/${leadId}/duplicates/nope/unmerge`).send({ reason: 'x' }).expect(409);
    await intake
      .http()
      .post(`/leads/2d7f0c1e-0000-4000-8000-000000000000/duplicates/${captureId}/unmerge`)
      .send({ reason: 'x' })
      .expect(404);
    await intake.http().post(`/leads/${leadId}/duplicates/${captureId}/unmerge`).send({}).expect(400);
  });
});
