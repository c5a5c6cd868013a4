import { join } from 'node:path';
import { Client } from 'pg';
import type { KafkaMessage } from 'kafkajs';
import { deriveEventId, newEventId } from '@leadline/event-store';
import { deadLetterTopic, DLT_HEADERS, toKafkaMessage } from '@leadline/messaging';
import {
  allowConnections,
  createTestDatabase,
  freePort,
  killIfRunning,
  runTs,
  terminateConnections,
  testInfra,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';
import { testAdminKey } from '@leadline/platform/testing';

const ADMIN_KEY = testAdminKey();
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

const ROOT = join(__dirname, '..', '..', '..');
const LINE = ['LeadCaptured', 'LeadEnriched', 'LeadScored', 'LeadAssigned'];
const RATE_PER_S = 10;
const RUN_MS = 12_000;
/** When, into the run, every backend of the service database is terminated; then the database refuses connections for a while. */
const TERMINATIONS_MS = [1_500, 3_500, 5_500];
const OUTAGE = { fromMs: 7_000, forMs: 3_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Posted {
  readonly leadId?: string;
  /** Answers other than 202 before it was accepted: 503 is allowed, anything else >= 500 is a failure. */
  readonly refusals: number[];
}

/** Posts one lead with an Idempotency-Key until it is accepted; 503 (database away) is retried with the same key. */
async function postLead(url: string, n: number, runKey: string): Promise<Posted> {
  const body = JSON.stringify({
    source: 'demo-request',
    contact: { firstName: 'Fay', lastName: `Fault${n}`, email: `fay${n}@fault${n}-${runKey}.com`, title: 'VP Sales' },
    company: { name: `Fault ${n} Ltd`, website: `https://fault${n}-${runKey}.com`, country: 'US' },
    consent: true,
  });
  const refusals: number[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await fetch(`${url}/leads`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', 'idempotency-key': `fault-${runKey}-${n}` },
      body,
    }).catch(() => undefined);
    if (response?.status === 202) return { leadId: ((await response.json()) as { leadId: string }).leadId, refusals };
    refusals.push(response?.status ?? 0);
    await response?.text();
    if (response && response.status !== 503) return { refusals };
    await sleep(250);
  }
  return { refusals };
}

/** Per lead, the line's events in log order. */
async function ledger(client: Client, leadIds: readonly string[]): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ lead_id: string; event_type: string }>(
    `select lead_id, event_type from event_store.events where lead_id = any($1) and event_type = any($2)
     order by transaction_id, global_position`,
    [leadIds, LINE],
  );
  const byLead = new Map<string, string[]>(leadIds.map((id) => [id, []]));
  for (const row of rows) byLead.get(row.lead_id)?.push(row.event_type);
  return byLead;
}

describe('the platform process while its database connections are lost', () => {
  let database: TestDatabase;
  let child: TsProcess | undefined;
  let client: Client;
  afterAll(async () => {
    await killIfRunning(child, 'SIGTERM');
    await client?.end();
    await database?.drop();
  });

  it('keeps running through three backend terminations and an outage: every accepted lead captured, enriched, scored and assigned exactly once, in order; a forged LeadCaptured is dead-lettered', async () => {
    database = await createTestDatabase('db-faults');
    const port = await freePort();
    const prefix = uniqueTopicPrefix('db-faults');
    child = runTs(join(ROOT, 'apps', 'platform', 'src', 'main.ts'), [], {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      PORT: String(port),
      SERVICES: 'lead-intake,enrichment,scoring,routing,metrics',
      DEMO_ORG: 'false',
      ROUTING_TIMER_POLL_MS: '200',
      LOG_LEVEL: 'warn',
    });
    const url = `http://127.0.0.1:${port}`;
    const alive = () => child?.exitCode === null && child?.signalCode === null;
    await waitFor(
      () =>
        fetch(`${url}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 120_000,
        message: () => `the platform ready:\n${child?.output().slice(-3000)}`,
      },
    );
    const sdr = await fetch(`${url}/sdrs`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        sdrId: 'fay-sdr',
        name: 'Fay SDR',
        email: 'sdr@fault.test',
        managerEmail: 'lead@fault.test',
        team: 'inbound',
        territories: ['*'],
        segments: ['*'],
        workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
        timeZone: 'UTC',
      }),
    });
    expect(sdr.status).toBe(201);

    // Leads at a steady rate, while the database's sessions are cut under the process.
    const runKey = Date.now().toString(36);
    const started = Date.now();
    const posts: Promise<Posted>[] = [];
    const faults = (async () => {
      for (const at of TERMINATIONS_MS) {
        await sleep(started + at - Date.now());
        expect(await terminateConnections(database.name)).toBeGreaterThan(0);
      }
      await sleep(started + OUTAGE.fromMs - Date.now());
      await allowConnections(database.name, false);
      await terminateConnections(database.name);
      await sleep(OUTAGE.forMs / 2);
      const ready = await fetch(`${url}/ready`);
      await allowConnections(database.name, true);
      return ready.status;
    })();
    for (let n = 0; Date.now() - started < RUN_MS; n++) {
      posts.push(postLead(url, n, runKey));
      await sleep(started + ((n + 1) * 1000) / RATE_PER_S - Date.now());
    }
    const readyDuringOutage = await faults;
    const posted = await Promise.all(posts);
    expect(readyDuringOutage).toBe(503);

    const serverErrors = posted.flatMap((p) => p.refusals).filter((status) => status !== 503);
    expect(serverErrors).toEqual([]);
    const accepted = posted.map((p) => p.leadId).filter((id): id is string => id !== undefined);
    expect(accepted).toHaveLength(posted.length);
    expect(new Set(accepted).size).toBe(accepted.length);

    client = new Client({ connectionString: database.url });
    await client.connect();
    await waitFor(async () => [...(await ledger(client, accepted)).values()].every((types) => types.length >= LINE.length), {
      timeoutMs: 180_000,
      intervalMs: 500,
      message: async () => {
        const incomplete = [...(await ledger(client, accepted)).entries()].filter(([, types]) => types.length < LINE.length);
        return `every lead assigned; ${incomplete.length} not yet, e.g. ${JSON.stringify(incomplete.slice(0, 3))}\n${child?.output().slice(-3000)}`;
      },
    });
    await sleep(2_000); // a doubled reaction would land by now
    for (const [leadId, types] of await ledger(client, accepted)) expect({ leadId, types }).toEqual({ leadId, types: LINE });
    expect(alive()).toBe(true);
    expect(child?.output()).not.toMatch(/Unhandled 'error' event|Connection terminated unexpectedly\n\s+at /);
    // The metrics API reads through its own TypeORM pool, which lost its connections too.
    expect((await fetch(`${url}/metrics/funnel`, { headers: AUTH })).status).toBe(200);

    // A forged LeadCaptured for a lead that does not exist, produced straight onto the topic.
    const forgedLead = newEventId();
    const forgedId = deriveEventId('forged', forgedLead);
    const kafka = testKafka('db-faults-forger');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}lead`,
      messages: [
        toKafkaMessage({
          id: forgedId,
          type: 'LeadCaptured',
          data: { leadId: forgedLead, source: 'demo-request', contact: { email: 'forged@evil.test' }, company: { country: 'US' } },
          streamId: `lead-${forgedLead}`,
          streamVersion: 1,
          category: 'lead',
          metadata: { leadId: forgedLead, correlationId: forgedId, schemaVersion: 1 },
          globalPosition: 1n,
          transactionId: 1n,
          recordedAt: new Date(),
        }),
      ],
    });
    await producer.disconnect();
    const dead: KafkaMessage[] = [];
    const probe = kafka.consumer({ groupId: `${prefix}dlt-probe`, maxWaitTimeInMs: 200 });
    await probe.connect();
    await probe.subscribe({ topic: deadLetterTopic(prefix, 'enrichment.lead-captured'), fromBeginning: true });
    await probe.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await waitFor(() => dead.length > 0, { timeoutMs: 60_000, message: 'the forged record on the dead-letter topic' });
    await sleep(3_000);
    await probe.disconnect();
    expect(dead).toHaveLength(1);
    expect(dead[0].headers?.[DLT_HEADERS.error]?.toString()).toBe(
      `event ${forgedId} (LeadCaptured on lead-${forgedLead}) is not in the event store`,
    );
    const { rows } = await client.query('select 1 from event_store.events where lead_id = $1 or causation_id = $2', [forgedLead, forgedId]);
    expect(rows).toEqual([]);
    expect(alive()).toBe(true);
  }, 600_000);
});
