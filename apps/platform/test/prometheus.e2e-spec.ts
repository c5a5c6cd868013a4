import type { StoreLogTransport } from '@leadline/messaging';
import { EventLogServer, METRICS_PATH, PlatformMetrics } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { scrapePrometheus, samplesOf, waitFor } from '@leadline/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';

const lead = (n: number) => ({
  source: 'demo-request',
  contact: { firstName: 'Pat', lastName: `Prospect${n}`, email: `pat${n}@prospect${n}.com`, title: 'VP Sales' },
  company: { name: `Prospect ${n} Inc`, website: `https://prospect${n}.com`, country: 'US' },
  consent: true,
});

const SDR = {
  sdrId: 'ada',
  name: 'Ada',
  email: 'ada@sales.example',
  managerEmail: 'boss@sales.example',
  team: 'inbound',
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
  timeZone: 'UTC',
};
const ENRICHMENT = 'enrichment.lead-captured';
const PROCESSOR = `subscription:${ENRICHMENT}`;

/** The embedded platform's Prometheus endpoint (on PostgreSQL, no Kafka), scraped and parsed as Prometheus would. */
describe('the embedded platform exposes Prometheus metrics and its lag', () => {
  let t: TestApp;
  let metricsUrl: string;
  const scrape = () => scrapePrometheus(metricsUrl);

  beforeAll(async () => {
    t = await startTestApp(PLATFORM_SERVICES, 'pg', 'prometheus', { listen: true });
    const port = await t.app.get(PlatformMetrics).listen(0);
    metricsUrl = `http://127.0.0.1:${port}${METRICS_PATH}`;
  });
  afterAll(() => t?.close());

  it('times HTTP requests by route template and status, refused ones included', async () => {
    const { body } = await t.http().post('/leads').send(lead(1)).expect(202);
    await t.http().get(`/leads/${body.leadId}`).expect(200);
    await t.as('ll_not-a-key').get(`/leads/${body.leadId}`).expect(401);

    const families = await scrape();
    const name = 'leadline_http_server_request_duration_seconds';
    expect(families.get(name)?.type).toBe('HISTOGRAM');
    const count = (labels: Record<string, string>) => samplesOf(families, name, labels).reduce((n, s) => n + s.value, 0);
    expect(count({ method: 'POST', route: '/leads', status: '202' })).toBe(1);
    expect(count({ method: 'GET', route: '/leads/:id', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/leads/:id', status: '401' })).toBe(1);
    // The template, never the concrete path (one series per route, not per lead).
    expect(samplesOf(families, name).some((s) => s.labels.route.includes(body.leadId as string))).toBe(false);
  });

  it('times event store appends', async () => {
    const families = await scrape();
    const appended = samplesOf(families, 'leadline_event_store_append_duration_seconds', { outcome: 'appended' });
    expect(appended.reduce((n, s) => n + s.value, 0)).toBeGreaterThan(0);
  });

  it('shows a backlog as lag in events and seconds, on /metrics and GET /status alike, and zero once it drained', async () => {
    const lag = async (name: string) => samplesOf(await scrape(), name, { processor: PROCESSOR }).map((s) => s.value);
    // Enrichment's subscription stands by while another session holds its lock: captures pile up behind it.
    const processor = t.app.get(EventLogServer).unwrap<StoreLogTransport>().processor(ENRICHMENT);
    if (!processor) throw new Error(`no processor ${ENRICHMENT}`);
    await processor.waitForIdle();
    await processor.stop();
    const holder = await t.db.session();
    await holder.query('select pg_advisory_lock(hashtextextended($1, 0))', [`leadline-processor:${PROCESSOR}`]);
    try {
      await processor.start();
      for (const n of [11, 12, 13]) await t.http().post('/leads').send(lead(n)).expect(202);

      await waitFor(async () => (await lag('leadline_processor_lag_events'))[0] === 3, { message: 'a lag of 3 captures' });
      expect((await lag('leadline_processor_lag_seconds'))[0]).toBeGreaterThan(0);
      const { body: status } = await t.http().get('/status').expect(200);
      expect(status.processors.find((p: { name: string }) => p.name === PROCESSOR)).toMatchObject({
        active: false,
        lagEvents: 3,
        head: { transactionId: expect.any(String), position: expect.any(String) },
      });
      expect(status.consumerGroups).toEqual([]);
    } finally {
      await holder.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`leadline-processor:${PROCESSOR}`]);
      await holder.release();
    }

    await processor.waitForIdle();
    await waitFor(async () => (await lag('leadline_processor_lag_events'))[0] === 0, { message: 'the backlog drained' });
    expect(await lag('leadline_processor_lag_seconds')).toEqual([0]);
    const { body: drained } = await t.http().get('/status').expect(200);
    const row = drained.processors.find((p: { name: string }) => p.name === PROCESSOR);
    expect(row).toMatchObject({ active: true, lagEvents: 0, lagSeconds: 0 });
    // Past its head: the checkpoint also moves over other services' events.
    const order = (p: { transactionId: string; position: string }) => [BigInt(p.transactionId), BigInt(p.position)];
    const [[checkpointTx, checkpointAt], [headTx, headAt]] = [order(row.checkpoint), order(row.head)];
    expect(checkpointTx > headTx || (checkpointTx === headTx && checkpointAt >= headAt)).toBe(true);
  });

  it('counts leads captured and assigned and times capture to assignment, as the store has them; shows the durable timers', async () => {
    const total = async (name: string, labels: Record<string, string> = {}) =>
      samplesOf(await scrape(), name, labels).reduce((n, s) => n + s.value, 0);
    const stored = async (type: string) =>
      Number(
        (await t.db.query<{ n: string }>('select count(*)::text as n from event_store.events where event_type = $1', [type])).rows[0].n,
      );
    await t.http().post('/sdrs').send(SDR).expect(201);
    const { body } = await t.http().post('/leads').send(lead(21)).expect(202);
    await waitFor(async () => (await t.http().get(`/leads/${body.leadId}`)).body.ownerSdrId === SDR.sdrId, {
      timeoutMs: 30_000,
      message: 'the lead assigned',
    });

    // Every capture and assignment of this run happened after the app started: the counters have them all.
    await waitFor(async () => (await total('leadline_leads_assigned_total', { team: 'inbound' })) === (await stored('LeadAssigned')), {
      message: 'every assignment counted',
    });
    await waitFor(
      async () => (await total('leadline_leads_captured_total', { source: 'demo-request' })) === (await stored('LeadCaptured')),
      {
        message: 'every capture counted',
      },
    );
    expect(await stored('LeadAssigned')).toBeGreaterThan(0);
    const families = await scrape();
    expect(families.get('leadline_leads_captured_total')?.type).toBe('COUNTER');
    const [latency] = samplesOf(families, 'leadline_lead_capture_to_assignment_seconds');
    expect(latency.value).toBe(await stored('LeadAssigned'));
    expect(latency.sum).toBeGreaterThan(0);
    // Its first-touch SLA timer is scheduled, not due.
    expect(samplesOf(families, 'leadline_timers_due').map((s) => s.value)).toEqual([0]);
    expect(samplesOf(families, 'leadline_timers_overdue_seconds').map((s) => s.value)).toEqual([0]);
  });

  it('reports lag to admins only: GET /status reveals the internals', async () => {
    await t
      .as(await t.keyFor(['sales-ops']))
      .get('/status')
      .expect(403);
    await t.as('ll_not-a-key').get('/status').expect(401);
  });

  it('answers 404 beside the metrics path', async () => {
    const response = await fetch(metricsUrl.replace(METRICS_PATH, '/other'));
    expect(response.status).toBe(404);
  });
});
