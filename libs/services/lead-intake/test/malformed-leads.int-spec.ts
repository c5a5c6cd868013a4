import { DRIVERS, person, startIntakeApp, type IntakeApp } from './intake-app';

const ok = person();
const contact = ok.contact;
const company = ok.company;

// [what is wrong, body, the field the error must name]
const MALFORMED: ReadonlyArray<readonly [string, unknown, string]> = [
  ['no source', { contact }, 'source'],
  ['unknown source', { ...ok, source: 'cold-call' }, 'source'],
  ['source not a string', { ...ok, source: 7 }, 'source'],
  ['no contact', { source: 'inbound-web' }, 'contact'],
  ['contact not an object', { ...ok, contact: 'ada@acme.com' }, 'contact'],
  ['contact an array', { ...ok, contact: [contact] }, 'contact'],
  ['neither email nor phone', { ...ok, contact: { firstName: 'Ada' } }, 'contact.email'],
  ['email not an email', { ...ok, contact: { ...contact, email: 'ada-at-acme' } }, 'contact.email'],
  ['email a number', { ...ok, contact: { ...contact, email: 42 } }, 'contact.email'],
  ['email blank', { ...ok, contact: { email: '   ' } }, 'contact.email'],
  ['email too long', { ...ok, contact: { ...contact, email: `${'a'.repeat(320)}@acme.com` } }, 'contact.email'],
  ['phone letters', { ...ok, contact: { ...contact, phone: 'call me maybe' } }, 'contact.phone'],
  ['phone too short to be real', { ...ok, contact: { ...contact, phone: '+1 12' } }, 'contact.phone'],
  [
    'national phone with no country',
    { ...ok, contact: { email: 'ada@acme.com', phone: '415.555.0100' }, company: { name: 'Acme' } },
    'contact.phone',
  ],
  ['phone a number', { ...ok, contact: { ...contact, phone: 4155550100 } }, 'contact.phone'],
  ['first name not a string', { ...ok, contact: { ...contact, firstName: { first: 'Ada' } } }, 'contact.firstName'],
  ['last name too long', { ...ok, contact: { ...contact, lastName: 'L'.repeat(201) } }, 'contact.lastName'],
  ['title an array', { ...ok, contact: { ...contact, title: ['CTO'] } }, 'contact.title'],
  ['unknown contact field', { ...ok, contact: { ...contact, age: 36 } }, 'contact.age'],
  ['company not an object', { ...ok, company: 'Acme' }, 'company'],
  ['country not ISO alpha-2', { ...ok, company: { ...company, country: 'USA' } }, 'company.country'],
  ['country digits', { ...ok, company: { ...company, country: '12' } }, 'company.country'],
  ['domain not a domain', { ...ok, company: { ...company, domain: 'acme' } }, 'company.domain'],
  ['website not a string', { ...ok, company: { ...company, website: true } }, 'company.website'],
  ['unknown company field', { ...ok, company: { ...company, revenue: 10 } }, 'company.revenue'],
  ['consent not a boolean', { ...ok, consent: 'yes' }, 'consent'],
  ['vendor id not a string', { ...ok, vendorId: 12 }, 'vendorId'],
  ['list id too long', { ...ok, listId: 'l'.repeat(101) }, 'listId'],
  ['campaign id an object', { ...ok, campaignId: { id: 1 } }, 'campaignId'],
  ['attributes not an object', { ...ok, attributes: 'vip' }, 'attributes'],
  ['attributes nested', { ...ok, attributes: { utm: { source: 'x' } } }, 'attributes'],
  ['attributes an array', { ...ok, attributes: ['vip'] }, 'attributes'],
  ['unknown top-level field', { ...ok, leadId: 'forged' }, 'leadId'],
  ['body an array', [ok], ''],
];

describe.each(DRIVERS)('malformed POST /leads on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-malformed-${driver}`);
  });
  afterAll(() => intake?.close());

  it('has at least 30 cases', () => expect(MALFORMED.length).toBeGreaterThanOrEqual(30));

  it.each(MALFORMED)('refuses %s with a 400 naming the field, and writes no event', async (_what, body, field) => {
    const before = await intake.countEvents();
    const answer = await intake.http().post('/leads').set('content-type', 'application/json').send(JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(answer.body.message.length).toBeGreaterThan(0);
    expect(await intake.countEvents()).toBe(before);
  });

  it.each([
    ['broken JSON', '{"source": "inbound-web", "contact": {'],
    ['empty JSON body', ''],
    ['a JSON string body', '"lead"'],
    ['a JSON null body', 'null'],
    ['a bad Idempotency-Key', JSON.stringify(ok)],
  ])('refuses %s with a 4xx, never a 5xx, and writes no event', async (what, raw) => {
    const before = await intake.countEvents();
    const req = intake.http().post('/leads').set('content-type', 'application/json');
    if (what === 'a bad Idempotency-Key') req.set('Idempotency-Key', 'x'.repeat(201));
    const answer = await req.send(raw);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await intake.countEvents()).toBe(before);
  });
});
