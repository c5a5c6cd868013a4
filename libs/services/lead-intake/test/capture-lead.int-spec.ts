import { waitForLogHorizon } from '@leadline/event-store/testing';
import { DRIVERS, person, postLeadAsClient, startIntakeApp, type IntakeApp } from './intake-app';

describe.each(DRIVERS)('POST /leads on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-capture-${driver}`);
  });
  afterAll(() => intake?.close());

  it('50 concurrent captures of one person (any case, any phone format) make one lead and 49 recorded duplicates', async () => {
    const emails = ['grace@hopper.io', 'GRACE@HOPPER.IO', ' Grace@Hopper.io '];
    const phones = ['+1 (415) 555-0199', '415.555.0199', '+14155550199', '(415) 555 0199'];
    const bodies = Array.from({ length: 50 }, (_, i) =>
      person({
        contact: { firstName: 'Grace', lastName: 'Hopper', email: emails[i % 3], phone: phones[i % 4], title: 'Rear Admiral' },
        company: { name: 'Hopper Labs', website: 'hopper.io', country: 'US' },
      }),
    );
    // On a loaded machine some may be answered 503 + Retry-After (the admission gate's queue wait): sent again, as a client would.
    const answers = await Promise.all(bodies.map((body) => postLeadAsClient(intake, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const leadIds = new Set(answers.map((a) => a.body.leadId));
    expect(leadIds.size).toBe(1);
    expect(answers.filter((a) => a.body.status === 'captured')).toHaveLength(1);
    const [leadId] = leadIds;
    const stream = await intake.store.readStream(`lead-${leadId}`);
    expect(stream.filter((e) => e.type === 'LeadCaptured')).toHaveLength(1);
    expect(stream.filter((e) => e.type === 'LeadDuplicateCaptured')).toHaveLength(49);
    // The global log shows what committed once no older transaction is open (another client's may be): wait for it.
    await waitForLogHorizon(intake.db);
    const captured = await intake.store.readAll({ eventTypes: ['LeadCaptured'], maxCount: 10_000 });
    expect(captured.filter((e) => (e.data as { contact: { email: string } }).contact.email === 'grace@hopper.io')).toHaveLength(1);
    // Stored encrypted, and the duplicate lookups hold keyed hashes: the email and phone are nowhere in plaintext.
    const { rows } = await intake.db.query<{ n: string }>(
      `select (select count(*) from event_store.events where data::text ilike '%grace%' or data::text like '%5550199%')
            + (select count(*) from lead_intake.identity_claims where value ilike '%grace%' or value like '%5550199%') as n`,
    );
    expect(Number(rows[0].n)).toBe(0);
    const overview = await intake.http().get(`/leads/${leadId}`).expect(200);
    expect(overview.body).toMatchObject({ duplicates: 49, email: 'grace@hopper.io' });
  });

  it('resolves a capture to the existing lead by phone, and by company domain with a matching name', async () => {
    const first = await intake
      .http()
      .post('/leads')
      .send(
        person({
          contact: { email: 'linus@kernel.org', phone: '+442079460000' },
          company: { name: 'Kernel Ltd', website: 'kernel.org', country: 'GB' },
        }),
      )
      .expect(202);
    const byPhone = await intake
      .http()
      .post('/leads')
      .send(person({ contact: { email: 'l@other.org', phone: '020 7946 0000' }, company: { country: 'GB' } }))
      .expect(202);
    expect(byPhone.body).toEqual({ leadId: first.body.leadId, status: 'duplicate' });
    const byCompany = await intake
      .http()
      .post('/leads')
      .send(person({ contact: { email: 'info@gmail.com' }, company: { name: 'KERNEL', domain: 'www.kernel.org' } }))
      .expect(202);
    expect(byCompany.body).toEqual({ leadId: first.body.leadId, status: 'duplicate' });
    const stream = await intake.store.readStream(`lead-${first.body.leadId}`);
    expect(stream.filter((e) => e.type === 'LeadDuplicateCaptured').map((e) => (e.data as { matchedOn: string }).matchedOn)).toEqual([
      'phone',
      'company',
    ]);
    const colleague = await intake
      .http()
      .post('/leads')
      .send(person({ contact: { email: 'ken@kernel.org' }, company: { name: 'Other Co' } }))
      .expect(202);
    expect(colleague.body.status).toBe('captured');
  });

  it('records concurrent duplicates of one lead matched on different keys, all of them', async () => {
    const lead = await intake
      .http()
      .post('/leads')
      .send(person({ contact: { email: 'mary@somerville.org', phone: '+14155550177' }, company: { name: 'Somerville', country: 'US' } }))
      .expect(202);
    const byEmail = (i: number) =>
      person({ contact: { email: 'MARY@somerville.org', phone: `+1415555${String(1000 + i)}` }, company: { country: 'US' } });
    const byPhone = (i: number) => person({ contact: { email: `m${i}@elsewhere.net`, phone: '415-555-0177' }, company: { country: 'US' } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        intake
          .http()
          .post('/leads')
          .send(i % 2 ? byEmail(i) : byPhone(i)),
      ),
    );
    expect(answers.map((a) => [a.status, a.body.leadId])).toEqual(Array(20).fill([202, lead.body.leadId]));
    const stream = await intake.store.readStream(`lead-${lead.body.leadId}`);
    expect(stream.filter((e) => e.type === 'LeadDuplicateCaptured')).toHaveLength(20);
  });

  it('flags an incomplete capture with the missing fields and still captures it', async () => {
    const answer = await intake
      .http()
      .post('/leads')
      .send({ source: 'content-download', contact: { email: 'solo@example.org' } })
      .expect(202);
    const stream = await intake.store.readStream(`lead-${answer.body.leadId}`);
    expect(stream.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadFlaggedIncomplete']);
    expect(stream[1].data).toEqual({
      leadId: answer.body.leadId,
      missing: ['contact.firstName', 'contact.lastName', 'contact.phone', 'contact.title', 'company.name', 'company.country'],
    });
    const overview = await intake.http().get(`/leads/${answer.body.leadId}`).expect(200);
    expect(overview.body).toMatchObject({
      stage: 'captured',
      missing: stream[1].data && (stream[1].data as { missing: string[] }).missing,
    });
  });

  it('answers a replayed Idempotency-Key with the same lead and writes nothing twice', async () => {
    const body = person({ contact: { email: 'replay@acme.com' } });
    const first = await intake.http().post('/leads').set('Idempotency-Key', 'k-replay-1').send(body).expect(202);
    const before = await intake.countEvents();
    const reordered = { consent: body.consent, contact: body.contact, company: body.company, source: body.source };
    const again = await intake.http().post('/leads').set('Idempotency-Key', 'k-replay-1').send(reordered).expect(202);
    expect(again.body).toEqual(first.body);
    expect(await intake.countEvents()).toBe(before);
  });

  it('refuses an Idempotency-Key reused with a different body (422, as on every route), writing nothing', async () => {
    await intake
      .http()
      .post('/leads')
      .set('Idempotency-Key', 'k-conflict-1')
      .send(person({ contact: { email: 'one@acme.com' } }))
      .expect(202);
    const before = await intake.countEvents();
    const conflict = await intake
      .http()
      .post('/leads')
      .set('Idempotency-Key', 'k-conflict-1')
      .send(person({ contact: { email: 'two@acme.com' } }));
    expect(conflict.status).toBe(422);
    expect(conflict.body).toMatchObject({ statusCode: 422, error: 'idempotency-key-reused' });
    expect(await intake.countEvents()).toBe(before);
  });

  it('answers 413 for a body over the limit, writing nothing', async () => {
    const before = await intake.countEvents();
    const huge = person({ attributes: { note: 'x'.repeat(200 * 1024) } });
    const answer = await intake.http().post('/leads').send(huge);
    expect(answer.status).toBe(413);
    expect(await intake.countEvents()).toBe(before);
  });

  it("an intake key issued for a web form captures only web-form leads: another source is 403 naming the key's sources, and writes nothing", async () => {
    const form = intake.as(await intake.keyFor(['intake'], { sources: ['inbound-web'] }));
    const contact = { firstName: 'Wen', lastName: 'Form', email: 'wen@formed.io', phone: '+14155550181', title: 'CTO' };
    const before = await intake.countEvents('lead');
    const refused = await form
      .post('/leads')
      .send(person({ source: 'demo-request', contact }))
      .expect(403);
    expect(refused.body.message).toBe('this key may submit leads from inbound-web only, not demo-request');
    expect(await intake.countEvents('lead')).toBe(before);
    await form
      .post('/leads')
      .send(person({ source: 'inbound-web', contact }))
      .expect(202);
    // Unlimited intake keys and sales-ops capture any source.
    await intake
      .as(await intake.keyFor(['intake']))
      .post('/leads')
      .send(person({ source: 'demo-request', contact: { ...contact, email: 'wen2@formed.io', phone: '+14155550182' } }))
      .expect(202);
  });
});
