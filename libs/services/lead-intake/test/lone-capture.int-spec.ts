import { newEventId, type SqlExecutor } from '@leadline/event-store';
import { toLeadCapture } from '../src/capture/capture-input';
import { CaptureLeadHandler, type CaptureRequest } from '../src/capture/capture-lead.handler';
import { validateCapture } from '../src/capture/validate-capture';
import { DRIVERS, person, startIntakeApp, type IntakeApp } from './intake-app';

/** The statements of each capture transaction (the one that takes identity locks) run while `work` runs, BEGIN and COMMIT aside. */
async function captureStatements(intake: IntakeApp, work: () => Promise<unknown>): Promise<string[][]> {
  const db = intake.store.db;
  const transaction = db.transaction.bind(db);
  const seen: jest.SpyInstance[] = [];
  // Not a mock: every transaction runs as it would; the spy on its executor only records what it is sent.
  const spy = jest
    .spyOn(db, 'transaction')
    .mockImplementation(<T>(fn: (tx: SqlExecutor) => Promise<T>) => transaction((tx) => (seen.push(jest.spyOn(tx, 'query')), fn(tx))));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return seen
    .map((query) => query.mock.calls.map(([text]) => String(text).replace(/\s+/g, ' ').trim()))
    .filter((texts) => texts.some((text) => text.includes('pg_advisory_xact_lock')));
}

describe.each(DRIVERS)('a lone capture on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-lone-${driver}`);
  });
  afterAll(() => intake?.close());

  const stage = async (leadId: string) => (await intake.http().get(`/leads/${leadId}`).expect(200)).body;

  it("writes a new lead's claims and overview row in the statement that looks its claims up, right after its locks", async () => {
    const body = person({
      contact: { firstName: 'Mary', lastName: 'Somerville', email: 'mary@somerville.io', phone: '+14155550142', title: 'CTO' },
      company: { name: 'Somerville Ltd', website: 'somerville.io', country: 'GB' },
    });
    let answer!: { leadId: string; status: string };
    const [statements, ...others] = await captureStatements(intake, async () => {
      answer = (await intake.http().post('/leads').send(body).expect(202)).body;
    });
    expect(others).toEqual([]);
    expect(answer.status).toBe('captured');
    // The locks; the lookup that also claims and writes the overview; the data key; the events. Nothing before COMMIT.
    expect(statements).toHaveLength(4);
    expect(statements[0]).toContain('pg_advisory_xact_lock');
    expect(statements[1]).toMatch(/^with found as materialized \(select .* from lead_intake\.identity_claims/);
    expect(statements[1]).toContain('insert into lead_intake.identity_claims');
    expect(statements[1]).toContain('insert into lead_intake.lead_overview');
    expect(statements.slice(2).join(' ')).not.toContain('lead_intake.');
    // What it wrote is what the two statements after the events wrote before.
    const { rows: claims } = await intake.db.query<{ kind: string; lead_id: string }>(
      'select kind, lead_id from lead_intake.identity_claims where lead_id = $1 order by kind',
      [answer.leadId],
    );
    expect(claims).toEqual(['company', 'email', 'phone'].map((kind) => ({ kind, lead_id: answer.leadId })));
    expect(await stage(answer.leadId)).toMatchObject({
      leadId: answer.leadId,
      stage: 'captured',
      source: 'inbound-web',
      email: 'mary@somerville.io',
      companyName: 'Somerville Ltd',
      companyDomain: 'somerville.io',
      duplicates: 0,
      missing: [],
      lastEventType: 'LeadCaptured',
    });
    expect((await stage(answer.leadId)).capturedAt).toEqual(expect.any(String));
  });

  it('claims nothing and writes no overview row when a key is claimed: a duplicate of that lead, folded into its row', async () => {
    const first = await intake
      .http()
      .post('/leads')
      .send(
        person({
          contact: { email: 'caroline@herschel.io', phone: '+14155550143' },
          company: { name: 'Herschel', website: 'herschel.io', country: 'US' },
        }),
      )
      .expect(202);
    // The same phone, another email and company: a duplicate on the phone; its email and company stay unclaimed.
    const again = person({
      contact: { email: 'c.h@elsewhere.io', phone: '(415) 555-0143' },
      company: { name: 'Elsewhere', website: 'elsewhere.io', country: 'US' },
    });
    const count = async (table: string) => (await intake.db.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0].n;
    const [claimsBefore, overviewsBefore] = [await count('lead_intake.identity_claims'), await count('lead_intake.lead_overview')];
    let answer!: { leadId: string; status: string };
    const [statements] = await captureStatements(intake, async () => {
      answer = (await intake.http().post('/leads').set('Idempotency-Key', 'lone-dup-1').send(again).expect(202)).body;
    });
    expect(answer).toEqual({ leadId: first.body.leadId, status: 'duplicate' });
    // After the locks and the key's answer looked up: the claims looked up, writing nothing.
    expect(statements[1]).toContain('lead_intake.idempotency_keys');
    expect(statements[2]).toMatch(/^with found as materialized/);
    expect([await count('lead_intake.identity_claims'), await count('lead_intake.lead_overview')]).toEqual([claimsBefore, overviewsBefore]);
    expect(await stage(first.body.leadId)).toMatchObject({
      duplicates: 1,
      email: 'caroline@herschel.io',
      lastEventType: 'LeadDuplicateCaptured',
    });
    // Its key answers the same again, writing nothing.
    const replay = await intake.http().post('/leads').set('Idempotency-Key', 'lone-dup-1').send(again).expect(202);
    expect(replay.body).toEqual(answer);
    expect((await stage(first.body.leadId)).duplicates).toBe(1);
  });

  it('takes the same one statement for the one fresh capture of a group whose other captures are replays', async () => {
    const handler = intake.app.get(CaptureLeadHandler);
    const requestOf = async (body: object, key: string): Promise<CaptureRequest> => {
      const validation = await validateCapture(body);
      if (!validation.ok) throw new Error('invalid');
      const input = toLeadCapture(validation.dto, newEventId(), new Date().toISOString());
      if (!input.ok) throw new Error('invalid');
      return { capture: input.capture, idempotency: { key: `test:${key}`, requestHash: key } };
    };
    const replayed = await requestOf(person({ contact: { email: 'emmy@noether.io', phone: '+14155550144' } }), 'lone-group-1');
    const [first] = await handler.captureAll([replayed]);
    const fresh = await requestOf(
      person({
        contact: { email: 'sophie@germain.io', phone: '+14155550145' },
        company: { name: 'Germain SA', website: 'germain.io', country: 'FR' },
      }),
      'lone-group-2',
    );
    let outcomes!: Awaited<ReturnType<CaptureLeadHandler['captureAll']>>;
    const [statements] = await captureStatements(intake, async () => {
      outcomes = await handler.captureAll([replayed, fresh]);
    });
    expect(outcomes[0]).toEqual({ ...first, replayed: true });
    expect(outcomes[1]).toMatchObject({ status: 'captured', replayed: false });
    const { leadId } = outcomes[1];
    // The locks; the keys' answers; the lookup that also claims and writes the overview; the data key; the events; the new answer.
    expect(statements).toHaveLength(6);
    expect(statements[1]).toContain('lead_intake.idempotency_keys');
    expect(statements[2]).toMatch(/^with found as materialized/);
    expect(statements[2]).toContain('insert into lead_intake.identity_claims');
    expect(statements[2]).toContain('insert into lead_intake.lead_overview');
    expect(statements[5]).toContain('insert into lead_intake.idempotency_keys');
    expect(statements.slice(3, 5).join(' ')).not.toContain('lead_intake.');
    const { rows: claims } = await intake.db.query<{ kind: string }>(
      'select kind from lead_intake.identity_claims where lead_id = $1 order by kind',
      [leadId],
    );
    expect(claims.map((c) => c.kind)).toEqual(['company', 'email', 'phone']);
    expect(await stage(leadId)).toMatchObject({ leadId, stage: 'captured', email: 'sophie@germain.io', duplicates: 0 });
    // Both keys answer as before, writing nothing.
    expect(await handler.captureAll([fresh, replayed])).toEqual([
      { ...outcomes[1], replayed: true },
      { ...first, replayed: true },
    ]);
  });
});
