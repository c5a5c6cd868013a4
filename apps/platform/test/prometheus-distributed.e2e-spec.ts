import { join } from 'node:path';
import { Client } from 'pg';
import { testAdminKey } from '@leadline/platform/testing';
import {
  createTestDatabase,
  freePort,
  killIfRunning,
  runTs,
  samplesOf,
  scrapePrometheus,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN_KEY = testAdminKey();

const lead = (n: number) => ({
  source: 'inbound-web',
  contact: { firstName: 'Pat', lastName: `Prospect${n}`, email: `pat${n}@prospect${n}.com`, title: 'VP Sales' },
  company: { name: `Prospect ${n} Inc`, website: `https://prospect${n}.com`, country: 'US' },
  consent: true,
});

interface Service {
  readonly child: TsProcess;
  readonly url: string;
  readonly metrics: string;
}

/**
 * Two services as their own processes over Kafka (lead-intake relays captures, enrichment consumes
 * them): each one's Prometheus endpoint parses, and enrichment's consumer group shows its backlog
 * while its database writes wait, and none once they went through.
 */
describe('the Prometheus endpoints of distributed service processes', () => {
  let database: TestDatabase;
  let prefix: string;
  const services: Record<string, Service> = {};

  const start = async (name: string): Promise<Service> => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const child = runTs(join(ROOT, 'apps', name, 'src', 'main.ts'), [], {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      PORT: String(port),
      PROMETHEUS_PORT: String(metricsPort),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${url}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 90_000,
        message: () => `${name} ready:\n${child.output().slice(-3000)}`,
      },
    );
    return { child, url, metrics: `http://127.0.0.1:${metricsPort}/metrics` };
  };

  beforeAll(async () => {
    database = await createTestDatabase('prom-distributed');
    prefix = uniqueTopicPrefix('prom');
    services['lead-intake'] = await start('lead-intake');
    services.enrichment = await start('enrichment');
  }, 200_000);
  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => killIfRunning(service.child, 'SIGTERM')));
    await database?.drop();
  });

  it('shows a consumer group backlog in events and seconds, then none once it drained; the relay and the captures on the producer', async () => {
    const group = `${prefix}enrichment.lead-captured`;
    const topic = `${prefix}lead`;
    const groupLag = async (name: string) =>
      samplesOf(await scrapePrometheus(services.enrichment.metrics), name, { group }).reduce((n, s) => n + s.value, 0);

    // Enrichment's consumer cannot write its inbox rows while this transaction holds the table (a share
    // lock: it takes no transaction id, so the log's horizon and the relay move on).
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table messaging.messaging_inbox in share mode');
    try {
      for (const n of [1, 2, 3]) {
        const response = await fetch(`${services['lead-intake'].url}/leads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(lead(n)),
        });
        expect(response.status).toBe(202);
      }
      // Each capture puts more than its LeadCaptured on the topic (the group skips the others): at least 3.
      let behind = 0;
      await waitFor(async () => (behind = await groupLag('leadline_consumer_group_lag_events')) >= 3, {
        timeoutMs: 30_000,
        message: () => `a group lag of at least 3 (${behind})`,
      });
      await waitFor(async () => (await groupLag('leadline_consumer_group_lag_seconds')) > 0, { message: 'a lag in seconds' });
      const status = await fetch(`${services.enrichment.url}/status`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const body = (await status.json()) as { consumerGroups: { groupId: string; lagEvents: number; partitions: { topic: string }[] }[] };
      const row = body.consumerGroups.find((g) => g.groupId === group);
      expect(row?.lagEvents).toBe(await groupLag('leadline_consumer_group_lag_events'));
      expect(row?.lagEvents).toBeGreaterThanOrEqual(3);
      expect(new Set(row?.partitions.map((p) => p.topic))).toEqual(new Set([topic]));
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }

    await waitFor(async () => (await groupLag('leadline_consumer_group_lag_events')) === 0, {
      timeoutMs: 60_000,
      message: 'the backlog drained',
    });
    await waitFor(async () => (await groupLag('leadline_consumer_group_lag_seconds')) === 0, { message: 'no lag in seconds' });

    // Nothing went to the dead-letter topic (a counter per group of the process's consumers).
    const consumer = await scrapePrometheus(services.enrichment.metrics);
    expect(consumer.get('leadline_dead_lettered_messages_total')?.type).toBe('COUNTER');
    expect(samplesOf(consumer, 'leadline_dead_lettered_messages_total', { group }).map((s) => s.value)).toEqual([0]);

    // The producing process: its relay caught up, its captures counted. The counters follow the log
    // every 2 s and only below its settled horizon, which the blocker's transaction held back: wait for them.
    let captured: number[] = [];
    await waitFor(
      async () => {
        const scraped = await scrapePrometheus(services['lead-intake'].metrics);
        captured = samplesOf(scraped, 'leadline_leads_captured_total', { source: 'inbound-web' }).map((s) => s.value);
        return captured.length > 0 && captured[0] >= 3;
      },
      { timeoutMs: 30_000, message: () => `3 captures counted (${JSON.stringify(captured)})` },
    );
    const producer = await scrapePrometheus(services['lead-intake'].metrics);
    expect(samplesOf(producer, 'leadline_processor_lag_events', { processor: 'kafka-relay:lead-intake' }).map((s) => s.value)).toEqual([0]);
    expect(samplesOf(producer, 'leadline_leads_captured_total', { source: 'inbound-web' }).map((s) => s.value)).toEqual([3]);
    expect(samplesOf(producer, 'leadline_http_server_request_duration_seconds', { route: '/leads', status: '202' })[0]?.value).toBe(3);
  }, 180_000);
});
