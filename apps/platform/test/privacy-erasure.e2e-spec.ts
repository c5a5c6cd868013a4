import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  createTestDatabase,
  freePort,
  killIfRunning,
  randomSuffix,
  runTs,
  testInfra,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  type TsProcess,
} from '@leadline/testing';
import { testAdminKey } from '@leadline/platform/testing';

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN_KEY = testAdminKey();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
}

/** A person with strings found nowhere else: their name, email and phone are what must vanish. */
function person(n: number, run: string) {
  const strings = { firstName: `Zebedee${run}${n}`, lastName: `Quux${run}${n}`, email: `zq.${run}.${n}@privacy-e2e.example` };
  return {
    strings: { ...strings, phone: `41555509${10 + n}` },
    body: {
      source: 'demo-request',
      contact: { ...strings, phone: `+1 415 555 09${10 + n}`, title: 'VP Sales' },
      company: { name: `Privacy Co ${n}`, website: `https://privacy${n}-${run}.example`, country: 'US' },
      consent: true,
      attributes: { note: `call ${strings.firstName} after lunch` },
    },
  };
}

/** The whole database as pg_dump writes it; every table's rows through SQL where pg_dump is not installed. */
async function dumpDatabase(url: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', url], { maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ s: string; t: string }>(
      `select table_schema as s, table_name as t from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    const rows: string[] = [];
    for (const { s, t } of tables.rows)
      rows.push(...(await client.query<{ r: string }>(`select x::text as r from "${s}"."${t}" x`)).rows.map((r) => r.r));
    return rows.join('\n');
  } finally {
    await client.end();
  }
}

/** Every record of every topic under the prefix, from the beginning: keys, headers and values as text. */
async function readEveryTopic(prefix: string): Promise<{ topics: string[]; records: string[] }> {
  const kafka = testKafka('privacy-e2e-reader');
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  let expected = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) expected += Number(p.high) - Number(p.low);
  }
  await admin.disconnect();
  const records: string[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}privacy-e2e-reader-${randomSuffix(6)}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const headers = Object.entries(message.headers ?? {}).map(([name, value]) => `${name}=${String(value)}`);
      records.push(`${topic} ${message.key?.toString() ?? ''} ${headers.join(' ')} ${message.value?.toString() ?? ''}`);
    },
  });
  await waitFor(() => records.length >= expected, { timeoutMs: 60_000, message: () => `read ${records.length} of ${expected} records` });
  await consumer.disconnect();
  return { topics, records };
}

describe('erasure end to end on PostgreSQL with Kafka', () => {
  let child: TsProcess | undefined;
  afterAll(() => killIfRunning(child, 'SIGTERM'));

  it('leaves none of the erased person in a pg_dump, on any topic or in the logs; the others read back; metrics unchanged', async () => {
    const database = await createTestDatabase('privacy-e2e');
    const prefix = uniqueTopicPrefix('privacy');
    const port = await freePort();
    child = runTs(join(ROOT, 'apps', 'platform', 'src', 'main.ts'), [], {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LEADLINE_MASTER_KEY: randomBytes(32).toString('base64'),
      DEMO_ORG: 'false',
      LOG_LEVEL: 'debug',
      PORT: String(port),
    });
    const url = `http://127.0.0.1:${port}`;
    const started = child;
    await waitFor(
      () =>
        fetch(`${url}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 120_000,
        message: () => `platform ready:\n${started.output().slice(-3000)}`,
      },
    );
    const sdr = {
      sdrId: 'privacy-sdr',
      name: 'Sam Router',
      email: 'sam.router@privacy-e2e.example',
      managerEmail: 'manager@privacy-e2e.example',
      team: 'inbound',
      territories: ['*'],
      segments: ['*'],
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      timeZone: 'UTC',
    };
    expect((await call('POST', `${url}/sdrs`, sdr)).status).toBe(201);

    const run = randomSuffix(6).replace(/[^a-z0-9]/gi, '');
    const people = [1, 2, 3].map((n) => person(n, run));

    // A refused capture answers which field is wrong, never the value (nor logs it: checked at the end).
    const refused = person(9, run);
    const badEmail = `not-an-address-${refused.strings.lastName}`;
    const refusal = await call('POST', `${url}/leads`, {
      ...refused.body,
      contact: { ...refused.body.contact, email: badEmail, phone: '12' },
    });
    expect(refusal.status).toBe(400);
    expect(JSON.stringify(refusal.json)).toContain('contact');
    for (const text of [badEmail, refused.strings.firstName, '12"']) expect(JSON.stringify(refusal.json)).not.toContain(text);
    const leadIds: string[] = [];
    for (const p of people) {
      const answer = await call('POST', `${url}/leads`, p.body);
      expect(answer.status).toBe(202);
      leadIds.push(answer.json.leadId as string);
    }
    // Through the line: enriched, scored and assigned over Kafka.
    for (const leadId of leadIds) {
      await waitFor(async () => Boolean((await call('GET', `${url}/leads/${leadId}`)).json.ownerSdrId), {
        timeoutMs: 90_000,
        message: async () => `lead ${leadId} assigned: ${JSON.stringify((await call('GET', `${url}/leads/${leadId}`)).json)}`,
      });
    }
    const funnel = async () => (await call('GET', `${url}/metrics/funnel`)).json.rows as Json[];
    const captured = (rows: Json[]) => rows.reduce((sum, row) => sum + Number(row.captured), 0);
    await waitFor(async () => captured(await funnel()) === 3, { timeoutMs: 60_000, message: async () => JSON.stringify(await funnel()) });
    const metricsBefore = await funnel();

    const [erasedId, ...keptIds] = leadIds;
    const [erased, ...kept] = people;
    const erasure = await call('POST', `${url}/leads/${erasedId}/erasure`);
    expect(erasure).toMatchObject({ status: 200, json: { leadId: erasedId, erasedNow: true } });

    // PersonErased reached Kafka and every consumer; metrics count the same leads at the same stages.
    let read: { topics: string[]; records: string[] } = { topics: [], records: [] };
    await waitFor(
      async () => {
        read = await readEveryTopic(prefix);
        return read.records.some((r) => r.includes('io.leadline.person.erased.v1'));
      },
      { timeoutMs: 90_000, intervalMs: 1_000, message: () => `PersonErased on the lead topic (${read.records.length} records)` },
    );
    const { topics, records } = read;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await funnel()).toEqual(metricsBefore);

    const dump = await dumpDatabase(database.url);
    for (const text of Object.values(erased.strings)) {
      expect(dump).not.toContain(text);
      for (const record of records) expect(record).not.toContain(text);
    }
    // The dump and the topics are the real thing: they hold the line's events, and the kept people's
    // email in the overview (a read model), but no personal field in plaintext on Kafka at all.
    expect(dump).toContain(kept[0].strings.email);
    expect(topics.length).toBeGreaterThan(3);
    expect(records.filter((r) => r.includes('"personalData":{"v":1'))).toHaveLength(3);
    for (const p of kept) for (const text of Object.values(p.strings)) expect(records.join('\n')).not.toContain(text);

    // The others still read back through the API; the erased one reads as erased.
    for (const [i, leadId] of keptIds.entries()) {
      const journey = (await call('GET', `${url}/leads/${leadId}/journey`)).json.events as Json[];
      expect(journey[0].data.contact).toMatchObject({ firstName: kept[i].strings.firstName, email: kept[i].strings.email });
    }
    const erasedJourney = (await call('GET', `${url}/leads/${erasedId}/journey`)).json.events as Json[];
    expect(erasedJourney[0].data).toMatchObject({ contact: { firstName: null, email: null, phone: null }, personalData: 'erased' });
    expect(erasedJourney.map((e) => e.type)).toEqual(
      expect.arrayContaining(['LeadEnriched', 'LeadScored', 'LeadAssigned', 'PersonErased']),
    );

    // Logs (verbose) never held anybody's personal data.
    const logs = started.output();
    expect(logs).toContain('Leadline platform ready');
    for (const p of [...people, refused]) for (const text of Object.values(p.strings)) expect(logs).not.toContain(text);
    expect(logs).not.toContain(badEmail);
    // ... and every line it printed is the one JSON shape, Nest's, kafkajs's and the requests' alike.
    const lines = logs.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
    const parsed = lines.map((line) => JSON.parse(line) as Json);
    for (const line of parsed)
      expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), service: 'platform', msg: expect.any(String) });
    expect(['Bootstrap', 'Kafka', 'RouterExplorer'].filter((context) => !parsed.some((line) => line.context === context))).toEqual([]);
    const captures = parsed.filter((line) => line.msg === 'POST /leads 202');
    expect(captures.length).toBeGreaterThan(0);
    expect(captures.filter((line) => typeof line.request_id !== 'string')).toEqual([]);

    await killIfRunning(child, 'SIGTERM');
    child = undefined;
    await database.drop();
  }, 300_000);
});
