import { ndjson } from '@leadline/testing';
import { person, startIntakeApp, type IntakeApp } from './intake-app';

type Line = { type: string; row?: number; outcome?: string; leadId?: string; status?: number; message?: string };

const HEADER = 'First Name,Last Name,Email,Company,Country';
const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `Person,Number${from + i},p${from + i}@firm${from + i}.com,Firm ${from + i},US`);

const leadIdsInStore = async (intake: IntakeApp): Promise<string[]> => {
  const { rows: found } = await intake.db.query<{ lead_id: string }>(
    `select lead_id from event_store.events where event_type = 'LeadCaptured' order by lead_id`,
  );
  return found.map((row) => row.lead_id);
};

const capture = (intake: IntakeApp, n: number, headers: Record<string, string> = {}) =>
  fetch(`${intake.url}/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${intake.adminKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(
      person({
        contact: { firstName: 'Rate', lastName: `Limited${n}`, email: `rate${n}@limited${n}.com` },
        company: { name: `Limited ${n}`, website: `https://limited${n}.com`, country: 'US' },
      }),
    ),
  });

describe('intake rate limit (INTAKE_RATE_LIMIT per client address)', () => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp('pg', 'intake-rate-limit', { INTAKE_RATE_LIMIT: '5', INTAKE_RATE_WINDOW_SECONDS: '600' });
  });
  afterAll(() => intake?.close());

  it('answers 429 with Retry-After beyond the rate, and every accepted lead is in the store', async () => {
    const answers = await Promise.all(Array.from({ length: 9 }, (_, n) => capture(intake, n)));
    const accepted = answers.filter((answer) => answer.status === 202);
    const refused = answers.filter((answer) => answer.status === 429);
    expect([accepted.length, refused.length]).toEqual([5, 4]);

    for (const answer of refused) {
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 600).toBe(true);
      expect(await answer.json()).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: [expect.stringMatching(/more than 5 intake requests in 600 s; retry after \d+ s/)],
      });
    }
    const acceptedIds = await Promise.all(accepted.map(async (answer) => ((await answer.json()) as { leadId: string }).leadId));
    expect(new Set(acceptedIds).size).toBe(5);
    expect(await leadIdsInStore(intake)).toEqual([...acceptedIds].sort());
    expect(accepted[0].headers.get('x-ratelimit-limit')).toBe('5');
  });

  it('counts POST /lists against the same budget and leaves the other routes alone', async () => {
    const list = await intake
      .http()
      .post('/lists')
      .field('vendorId', 'vendor-1')
      .field('listId', 'list-1')
      .attach('file', Buffer.from([HEADER, ...rows(1, 2)].join('\n')), { filename: 'list.csv', contentType: 'text/csv' });
    expect(list.status).toBe(429);
    expect(list.headers['retry-after']).toMatch(/^\d+$/);
    const [someLead] = await leadIdsInStore(intake);
    expect((await fetch(`${intake.url}/leads/${someLead}`, { headers: { authorization: `Bearer ${intake.adminKey}` } })).status).toBe(200);
    expect((await fetch(`${intake.url}/health`)).status).toBe(200);
  });

  it('counts by the socket address: a forged X-Forwarded-For does not buy a fresh budget without TRUST_PROXY', async () => {
    expect((await capture(intake, 100, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
  });
});

describe('intake rate limit behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp('pg', 'intake-rate-proxy', { INTAKE_RATE_LIMIT: '2', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => intake?.close());

  it('counts each forwarded client on its own', async () => {
    const statuses = async (client: string, from: number) =>
      Promise.all([0, 1, 2].map(async (n) => (await capture(intake, from + n, { 'x-forwarded-for': client })).status));
    expect(await statuses('198.51.100.1', 0)).toEqual(expect.arrayContaining([202, 202, 429]));
    expect(await statuses('198.51.100.2', 10)).toEqual(expect.arrayContaining([202, 202, 429]));
    expect(await leadIdsInStore(intake)).toHaveLength(4);
  });
});

describe('POST /lists upload limits (UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS)', () => {
  const MAX_BYTES = 4096;
  let intake: IntakeApp;
  beforeAll(async () => {
    intake = await startIntakeApp('pg', 'intake-upload-limits', { UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_MAX_ROWS: '3' });
  });
  afterAll(() => intake?.close());

  const upload = (csv: string | Buffer, listId: string) =>
    intake
      .http()
      .post('/lists')
      .field('vendorId', 'vendor-9')
      .field('listId', listId)
      .attach('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' })
      .buffer(true)
      .parse(ndjson);

  it('answers 413 with a problem body naming the limit before reading a body declared over it, writing nothing', async () => {
    const before = await intake.countEvents();
    const response = await intake
      .http()
      .post('/lists')
      .field('vendorId', 'vendor-9')
      .field('listId', 'too-big')
      .attach('file', Buffer.from([HEADER, ...rows(1, 200)].join('\n')), { filename: 'list.csv', contentType: 'text/csv' });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: [`the upload is over the limit of ${MAX_BYTES} bytes (UPLOAD_MAX_BYTES); split it into smaller files`],
    });
    expect(await intake.countEvents()).toBe(before);
  });

  it('imports up to UPLOAD_MAX_ROWS rows, then ends with a 413 error line instead of the summary', async () => {
    const before = (await leadIdsInStore(intake)).length;
    const lines = (await upload([HEADER, ...rows(300, 5)].join('\n'), 'five-rows').expect(200)).body as Line[];
    expect(lines.map((line) => [line.type, line.row ?? line.status])).toEqual([
      ['row', 1],
      ['row', 2],
      ['row', 3],
      ['error', 413],
    ]);
    expect(lines[3].message).toMatch(/more than 3 data rows \(UPLOAD_MAX_ROWS\); rows after row 3 were not imported/);
    expect((await leadIdsInStore(intake)).length).toBe(before + 3);
  });

  it('holds a body sent without Content-Length to the limit as it arrives: 413 and no row imported', async () => {
    const before = (await leadIdsInStore(intake)).length;
    const boundary = 'leadline-boundary';
    const file = [HEADER, ...rows(500, 2)].join('\n') + '\n' + 'Person,Padding,pad@padding.com,' + 'x'.repeat(MAX_BYTES) + ',US\n';
    const body = Buffer.from(
      [
        `--${boundary}\r\nContent-Disposition: form-data; name="vendorId"\r\n\r\nvendor-9\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="listId"\r\n\r\nchunked\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        file,
        `\r\n--${boundary}--\r\n`,
      ].join(''),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < body.length; at += 1024) controller.enqueue(body.subarray(at, at + 1024));
        controller.close();
      },
    });
    const response = await fetch(`${intake.url}/lists`, {
      method: 'POST',
      headers: { authorization: `Bearer ${intake.adminKey}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    // The upload is received whole before any row is imported: over the limit, it is refused and nothing written.
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413, message: [expect.stringMatching(/UPLOAD_MAX_BYTES/)] });
    expect((await leadIdsInStore(intake)).length).toBe(before);
  });
});
