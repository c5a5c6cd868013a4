import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { DRIVERS, startIntakeApp, type IntakeApp } from './intake-app';
import { ndjson } from '@leadline/testing';
import { IMPORT_CHUNK_ROWS } from '../src/import/import-list.handler';

const CSV = [
  'First Name,Last Name,Email,Phone,Job Title,Company,Website,Country,Industry Code',
  'Ada,Lovelace,ada@engines.co.uk,020 7946 0001,CTO,Analytical Engines Ltd,https://www.engines.co.uk,GB,5411',
  'Ada,L.,ADA@ENGINES.CO.UK,,,,,GB,',
  'Nobody,Here,not-an-email,,,,,US,',
  'Charles,Babbage,charles@difference.org,+44 20 7946 0002,"Founder, Chief Engineer",Difference Inc,difference.org,GB,5412',
  'Solo,,solo@gmail.com,,,,,,',
].join('\n');

type Line = { type: string; row?: number; outcome?: string; leadId?: string; reason?: string; replayed?: boolean } & Record<
  string,
  unknown
>;

function importList(intake: IntakeApp, csv: string, vendorId = 'vendor-7', listId = 'list-2026-11', key = intake.adminKey) {
  return intake
    .as(key)
    .post('/lists')
    .field('vendorId', vendorId)
    .field('listId', listId)
    .attach('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' })
    .buffer(true)
    .parse(ndjson);
}

describe.each(DRIVERS)('POST /lists on %s', (driver) => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp(driver, `intake-import-${driver}`);
  });
  afterAll(() => intake?.close());

  it('answers every row (accepted, duplicate, invalid with the reason) and a summary; a re-run writes nothing new', async () => {
    const first = await importList(intake, CSV).expect(200);
    expect(first.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = first.body as Line[];
    expect(lines.map((l) => [l.row, l.outcome])).toEqual([
      [1, 'accepted'],
      [2, 'duplicate'],
      [3, 'invalid'],
      [4, 'accepted'],
      [5, 'accepted'],
      [undefined, undefined],
    ]);
    expect(lines[1].leadId).toBe(lines[0].leadId);
    expect(lines[2].reason).toMatch(/contact\.email/);
    expect(lines[5]).toMatchObject({ type: 'summary', rows: 5, accepted: 3, duplicate: 1, invalid: 1, replayed: 0 });

    const [lead] = await intake.store.readStream(`lead-${lines[0].leadId}`);
    expect(lead.data).toMatchObject({
      source: 'purchased-list',
      vendorId: 'vendor-7',
      listId: 'list-2026-11',
      contact: { email: 'ada@engines.co.uk', phone: '+442079460001' },
      company: { domain: 'engines.co.uk', country: 'GB' },
      attributes: { 'Industry Code': '5411' },
    });
    const charles = await intake.store.readStream(`lead-${lines[3].leadId}`);
    expect((charles[0].data as { contact: { title: string } }).contact.title).toBe('Founder, Chief Engineer');

    const before = await intake.countEvents();
    const again = await importList(intake, CSV).expect(200);
    const rerun = again.body as Line[];
    expect(rerun.slice(0, 5).map((l) => [l.outcome, l.leadId])).toEqual(lines.slice(0, 5).map((l) => [l.outcome, l.leadId]));
    expect(rerun[5]).toMatchObject({ rows: 5, accepted: 3, duplicate: 1, invalid: 1, replayed: 4 });
    expect(await intake.countEvents()).toBe(before);
  });

  it('resumes a list cut short: rows already imported are answered again, only the rest are written', async () => {
    const csv = ['email,company,country', 'r1@resume.io,Resume,US', 'r2@other.io,Other,US', 'r3@third.io,Third,US'].join('\n');
    const partial = await importList(intake, csv.split('\n').slice(0, 2).join('\n'), 'vendor-r', 'list-r').expect(200);
    expect((partial.body as Line[]).at(-1)).toMatchObject({ accepted: 1 });
    const full = await importList(intake, csv, 'vendor-r', 'list-r').expect(200);
    expect((full.body as Line[]).at(-1)).toMatchObject({ rows: 3, accepted: 3, replayed: 1 });
  });

  it('a list over several chunks: duplicates within a chunk, across chunks and of an earlier lead; cut short across a chunk, resumed', async () => {
    const earlier = await intake
      .as(intake.adminKey)
      .post('/leads')
      .send({ source: 'demo-request', contact: { email: 'known@chunks.io' }, company: { name: 'Known', country: 'US' } })
      .expect(202);
    const rows = Math.floor(IMPORT_CHUNK_ROWS * 2.5);
    const lines = ['email,phone,company,country'];
    for (let n = 1; n <= rows; n++) {
      if (n === 2)
        lines.push('p1@chunks.io,,Chunks 1,US'); // row 1 again, by email, in the same chunk
      else if (n === rows)
        lines.push(',+1 415 555 0001,Chunks 1 again,US'); // row 1 again, by phone, two chunks later
      else if (n === IMPORT_CHUNK_ROWS + 1)
        lines.push('known@chunks.io,,Known,US'); // the lead posted before the list
      else lines.push(`p${n}@chunks.io,+1 415 555 ${String(n).padStart(4, '0')},Chunks ${n},US`);
    }
    const csv = lines.join('\n');
    const cut = Math.floor(IMPORT_CHUNK_ROWS * 1.5);
    const partial = (await importList(intake, lines.slice(0, cut + 1).join('\n'), 'vendor-c', 'list-c').expect(200)).body as Line[];
    expect(partial.at(-1)).toMatchObject({ rows: cut, accepted: cut - 2, duplicate: 2, replayed: 0 });

    const before = await intake.countEvents();
    const full = (await importList(intake, csv, 'vendor-c', 'list-c').expect(200)).body as Line[];
    expect(full.at(-1)).toMatchObject({ rows, accepted: rows - 3, duplicate: 3, invalid: 0, replayed: cut });
    expect(full.slice(0, rows).map((l) => l.row)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    expect(full.slice(0, cut).map((l) => l.leadId)).toEqual(partial.slice(0, cut).map((l) => l.leadId));
    const outcome = (row: number) => full[row - 1];
    expect(outcome(2)).toMatchObject({ outcome: 'duplicate', leadId: outcome(1).leadId });
    expect(outcome(rows)).toMatchObject({ outcome: 'duplicate', leadId: outcome(1).leadId });
    expect(outcome(IMPORT_CHUNK_ROWS + 1)).toMatchObject({ outcome: 'duplicate', leadId: (earlier.body as { leadId: string }).leadId });
    expect(new Set(full.slice(0, rows).map((l) => l.leadId)).size).toBe(rows - 2);
    // Only the rows after the cut were written: a new lead is captured and flagged incomplete (no name), two events;
    // the duplicate (the last row) one, on row 1's lead.
    expect((await intake.countEvents()) - before).toBe(2 * (rows - cut - 1) + 1);
    // The overview rows: a chunk's new leads written without a read, its duplicates folded on leads of the chunk and earlier.
    const overview = async (leadId?: string) => (await intake.http().get(`/leads/${leadId}`).expect(200)).body as Record<string, unknown>;
    expect(await overview(outcome(1).leadId)).toMatchObject({ stage: 'captured', duplicates: 2, email: 'p1@chunks.io' });
    expect(await overview((earlier.body as { leadId: string }).leadId)).toMatchObject({ duplicates: 1, email: 'known@chunks.io' });
    expect(await overview(outcome(rows - 1).leadId)).toMatchObject({ stage: 'captured', duplicates: 0, email: `p${rows - 1}@chunks.io` });

    const again = (await importList(intake, csv, 'vendor-c', 'list-c').expect(200)).body as Line[];
    expect(again.at(-1)).toMatchObject({ rows, replayed: rows });
    expect(again.map((l) => l.leadId)).toEqual(full.map((l) => l.leadId));
  });

  it('refuses an upload without vendor and list ids, or without a file, writing nothing', async () => {
    const before = await intake.countEvents();
    await intake.http().post('/lists').attach('file', Buffer.from(CSV), 'list.csv').expect(400);
    await intake.http().post('/lists').field('vendorId', 'v').field('listId', 'l').expect(400);
    await intake.http().post('/lists').send({ vendorId: 'v' }).expect(400);
    expect(await intake.countEvents()).toBe(before);
  });

  it("an intake key limited to some sources imports only rows of those sources; the others are invalid naming the key's sources", async () => {
    const listKey = await intake.keyFor(['intake'], { sources: ['purchased-list'] });
    const csv = ['email,company,country,source', 'l1@limited.io,Limited,US,', 'l2@limited2.io,Limited Two,US,event'].join('\n');
    const lines = (await importList(intake, csv, 'vendor-s', 'list-s', listKey).expect(200)).body as Line[];
    expect(lines.map((l) => [l.row, l.outcome])).toEqual([
      [1, 'accepted'],
      [2, 'invalid'],
      [undefined, undefined],
    ]);
    expect(lines[1].reason).toMatch(/this key may submit leads from purchased-list only, not event/);
    expect(lines[2]).toMatchObject({ rows: 2, accepted: 1, invalid: 1 });

    // A web form's key imports no purchased-list rows at all.
    const formKey = await intake.keyFor(['intake'], { sources: ['inbound-web'] });
    const form = (await importList(intake, csv, 'vendor-s', 'list-s2', formKey).expect(200)).body as Line[];
    expect(form.at(-1)).toMatchObject({ rows: 2, accepted: 0, invalid: 2 });
  });
});

describe("POST /lists: a list whose import outlasts the server's requestTimeout", () => {
  let intake: IntakeApp;
  let server: Server;
  beforeAll(async () => {
    intake = await startIntakeApp('pg', 'intake-import-timeout', { UPLOAD_MAX_BYTES: String(64 * 1024 * 1024) });
    // The same app behind a server that ends a request whose body still arrives after 10 s (Node's default is 300 s).
    server = createServer({ requestTimeout: 10_000, connectionsCheckingInterval: 100 }, intake.app.getHttpAdapter().getInstance());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await intake?.close();
  });

  it('is received whole before its rows are imported, so it is answered to the end however long the import takes', async () => {
    const rows = IMPORT_CHUNK_ROWS + 10;
    const lines = ['email,company,country'];
    for (let n = 1; n <= rows; n++) lines.push(`t${n}@timeout.io,Timeout ${n},US`);
    // Blank lines (skipped) make the body outgrow the socket buffers between client and server, so a body read at
    // import speed would still be arriving while the import waits.
    const csv = Buffer.concat([Buffer.from(lines.join('\n')), Buffer.alloc(6 * 1024 * 1024, '\n')]);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // The import waits 25 s for the claims table (held by another transaction), 2.5 times the server's timeout.
    const holder = intake.db.transaction(async (tx) => {
      await tx.query('lock table lead_intake.identity_claims in access exclusive mode');
      locked();
      await released;
    });
    await isLocked;
    const timer = setTimeout(release, 25_000);
    try {
      const answer = await request(server)
        .post('/lists')
        .set('authorization', `Bearer ${intake.adminKey}`)
        .field('vendorId', 'vendor-t')
        .field('listId', 'list-t')
        .attach('file', csv, { filename: 'list.csv', contentType: 'text/csv' })
        .buffer(true)
        .parse(ndjson)
        .expect(200);
      const body = answer.body as Line[];
      expect(body.filter((l) => l.type === 'row').map((l) => l.outcome)).toEqual(Array(rows).fill('accepted'));
      expect(body.at(-1)).toMatchObject({ type: 'summary', rows, accepted: rows });
    } finally {
      clearTimeout(timer);
      release();
      await holder;
    }
  });
});
