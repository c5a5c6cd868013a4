import type { SqlExecutor } from '@leadline/event-store';
import { DRIVERS, person, startIntakeApp, type IntakeApp } from './intake-app';

/** Every row of every table outside the catalogs, as text: what a dump of the database would hold. */
async function everyRow(db: SqlExecutor): Promise<string> {
  const { rows: tables } = await db.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  const dumps: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(`select t::text as row from "${table.schema}"."${table.name}" t`);
    dumps.push(...rows.map((r) => `${table.schema}.${table.name} ${r.row}`));
  }
  return dumps.join('\n');
}

describe.each(DRIVERS)('POST /leads/:id/erasure on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-erasure-${driver}`);
  });
  afterAll(() => intake?.close());

  const erasedPerson = person({
    contact: {
      firstName: 'Ermintrude',
      lastName: 'Quibble',
      email: 'ermintrude.quibble@forgetme.example',
      phone: '+14155550123',
      title: 'CFO',
    },
    company: { name: 'Forget Me Ltd', website: 'forgetme.example', country: 'US' },
    attributes: { note: 'Ermintrude prefers calls' },
  });
  const keptPerson = person({
    contact: { firstName: 'Konstantin', lastName: 'Keepwell', email: 'konstantin@keepme.example', phone: '+14155550456', title: 'CEO' },
    company: { name: 'Keep Me Inc', website: 'keepme.example', country: 'US' },
  });
  const erasedStrings = ['Ermintrude', 'Quibble', 'ermintrude.quibble', '5550123'];

  it('erases the person: fields read as erased everywhere, nothing of them left in any table, others and counts intact', async () => {
    const erased = (await intake.http().post('/leads').send(erasedPerson).expect(202)).body.leadId as string;
    const duplicate = await intake
      .http()
      .post('/leads')
      .send({ ...erasedPerson, source: 'event' })
      .expect(202);
    expect(duplicate.body).toMatchObject({ leadId: erased, status: 'duplicate' });
    const kept = (await intake.http().post('/leads').send(keptPerson).expect(202)).body.leadId as string;
    const eventsBefore = await intake.countEvents();
    const before = (await intake.http().get(`/leads/${erased}`).expect(200)).body;
    expect(before.email).toBe('ermintrude.quibble@forgetme.example');

    const answer = await intake.http().post(`/leads/${erased}/erasure`).expect(200);
    expect(answer.body).toMatchObject({ leadId: erased, erasedNow: true });

    const overview = (await intake.http().get(`/leads/${erased}`).expect(200)).body;
    expect(overview).toMatchObject({ email: null, erasedAt: answer.body.erasedAt, duplicates: 1, stage: before.stage });
    expect(overview.companyName).toBe('Forget Me Ltd');

    const journey = (await intake.http().get(`/leads/${erased}/journey`).expect(200)).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(journey.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadDuplicateCaptured', 'PersonErased']);
    expect(journey[0].data).toMatchObject({
      contact: { firstName: null, lastName: null, email: null, phone: null, title: 'CFO' },
      attributes: {},
      personalData: 'erased',
    });
    expect(journey[1].data).toMatchObject({ capture: { contact: { email: null } }, personalData: 'erased' });
    expect(JSON.stringify(journey)).not.toMatch(/Ermintrude|Quibble|5550123/);
    // The one new event is the erasure record; nothing was deleted from the log.
    expect(await intake.countEvents()).toBe(eventsBefore + 1);

    const dump = await everyRow(intake.db);
    for (const text of erasedStrings) expect(dump).not.toContain(text);
    expect(dump).toContain('Forget Me Ltd');

    const other = (await intake.http().get(`/leads/${kept}/journey`).expect(200)).body.events[0].data;
    expect(other.contact).toMatchObject({ firstName: 'Konstantin', email: 'konstantin@keepme.example', phone: '+14155550456' });
    expect((await intake.http().get(`/leads/${kept}`).expect(200)).body.email).toBe('konstantin@keepme.example');
  });

  it('is idempotent, answers 404 for an unknown lead, and a later capture of the same person is a new lead', async () => {
    const first = (await intake.http().post('/leads').send(erasedPerson).expect(202)).body;
    // The first test's erasure dropped the identity claims: this capture is a lead of its own.
    expect(first.status).toBe('captured');
    const once = (await intake.http().post(`/leads/${first.leadId}/erasure`).expect(200)).body;
    const twice = (await intake.http().post(`/leads/${first.leadId}/erasure`).expect(200)).body;
    expect(twice).toEqual({ ...once, erasedNow: false });
    await intake.http().post('/leads/00000000-0000-4000-8000-000000000000/erasure').expect(404);

    const again = (await intake.http().post('/leads').send(erasedPerson).expect(202)).body;
    expect(again.status).toBe('captured');
    expect(again.leadId).not.toBe(first.leadId);
    expect((await intake.http().get(`/leads/${again.leadId}`).expect(200)).body.email).toBe('ermintrude.quibble@forgetme.example');
  });
});
