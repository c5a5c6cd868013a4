import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { testAdminKey } from '@leadline/platform/testing';
import {
  createTempDir,
  createTestDatabase,
  freePort,
  killIfRunning,
  runTs,
  startOtlpReceiver,
  startWebhookReceiver,
  testInfra,
  uniqueTopicPrefix,
  unparentedSpans,
  waitFor,
  type OtlpReceiver,
  type ReceivedSpan,
  type TsProcess,
} from '@leadline/testing';

/**
 * Issue 13's "one trace per lead": every process exports its spans over OTLP/HTTP (JSON) to a
 * receiver in the test; one posted lead's capture, enrichment, scoring, assignment and assignment
 * notification are one connected tree under the POST /leads request, in one process and across four.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ADMIN_KEY = testAdminKey();
const SECRET = 'e2e-webhook-secret-0123456789';
/** OTLP span kinds. */
const SERVER = 2;
const CONSUMER = 5;

const sdr = {
  sdrId: 'tia',
  name: 'Tia Tracer',
  email: 'tia@trace.test',
  managerEmail: 'lead@trace.test',
  team: 'inbound',
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
  timeZone: 'UTC',
};

const lead = (runId: string) => ({
  source: 'demo-request',
  contact: { firstName: 'Trace', lastName: 'Able', email: `trace@able-${runId}.com`, title: 'VP Sales' },
  company: { name: `Able ${runId} Inc`, website: `https://able-${runId}.com`, country: 'US' },
  consent: true,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

/** Tracing on, configured only by the standard variables; the notifier calls the test's webhook. */
function tracingEnv(receiver: OtlpReceiver, webhookUrl: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    AUTH_ADMIN_KEY: ADMIN_KEY,
    ROUTING_WEBHOOK_URL: webhookUrl,
    ROUTING_WEBHOOK_SECRET: SECRET,
  };
}

async function ready(port: number, child: TsProcess): Promise<void> {
  await waitFor(
    () =>
      fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    { timeoutMs: 90_000, message: () => `process on ${port} ready:\n${child.output().slice(-3000)}` },
  );
}

/** The deliveries (consumer spans) from a span up to the trace's root, nearest first: which handler took which event. */
function deliveriesUpFrom(span: ReceivedSpan, spans: readonly ReceivedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const path: string[] = [];
  for (let at: ReceivedSpan | undefined = span; at; at = byId.get(at.parentSpanId)) {
    if (at.kind === CONSUMER) path.push(`${at.service}: ${at.name} ${String(at.attributes['leadline.event.type'])}`);
  }
  return path;
}

/**
 * Posts one lead inside a trace the test starts (its traceparent on the request), waits for the
 * notifier's span about its assignment, and returns the trace's spans.
 */
async function traceOfOneLead(urls: { intake: string; routing: string }, receiver: OtlpReceiver, runId: string) {
  expect(await post(`${urls.routing}/sdrs`, sdr)).toBe(201);
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  expect(await post(`${urls.intake}/leads`, lead(runId), { traceparent: `00-${traceId}-${clientSpanId}-01` })).toBe(202);
  const inTrace = () => receiver.spans().filter((span) => span.traceId === traceId);
  const notifier = () =>
    inTrace().find(
      (s) => s.attributes['leadline.processor'] === 'routing-notifier' && s.attributes['leadline.event.type'] === 'LeadAssigned',
    );
  await waitFor(() => notifier() !== undefined, {
    timeoutMs: 60_000,
    message: () =>
      `the notifier's span about the assignment; the trace has: ${inTrace()
        .map((s) => `${s.service}: ${s.name}`)
        .join(', ')}`,
  });
  // Spans of the same trace still in an exporter's buffer arrive within a schedule delay or two.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  // Nothing else makes traces of its own: no delivery and no query is a root (processors polling, consumers
  // fetching), and the only other request traced is the test's POST /sdrs (the /ready probes are not traced).
  const ids = new Set(receiver.spans().map((s) => s.spanId));
  const otherRoots = receiver.spans().filter((s) => s.traceId !== traceId && !ids.has(s.parentSpanId));
  expect(otherRoots.filter((s) => s.kind === CONSUMER || s.attributes['db.system.name'] !== undefined)).toEqual([]);
  expect(otherRoots.filter((s) => s.kind === SERVER)).toHaveLength(1);
  // Spans carry ids and SQL text, never personal data.
  expect(JSON.stringify(receiver.spans())).not.toContain(lead(runId).contact.email);
  return { traceId, clientSpanId, spans: inTrace(), notifier: notifier() as ReceivedSpan };
}

describe('one trace per lead', () => {
  let receiver: OtlpReceiver;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const children: TsProcess[] = [];

  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    hooks = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => killIfRunning(child, 'SIGTERM')));
    await hooks.close();
    await receiver.close();
  });

  it('in embedded mode: capture, enrichment, scoring, assignment and notification are one tree under POST /leads', async () => {
    const dir = await createTempDir('trace-embedded');
    const port = await freePort();
    const child = runTs(join(ROOT, 'apps', 'platform', 'src', 'main.ts'), [], {
      ...tracingEnv(receiver, hooks.url),
      DATA_DIR: dir.path,
      PORT: String(port),
      DEMO_ORG: 'false',
    });
    children.push(child);
    await ready(port, child);
    const url = `http://127.0.0.1:${port}`;
    const { traceId, clientSpanId, spans, notifier } = await traceOfOneLead({ intake: url, routing: url }, receiver, 'embedded');

    const [root, ...orphans] = unparentedSpans(spans, traceId);
    expect(orphans).toEqual([]);
    expect(root).toMatchObject({ service: 'platform', kind: SERVER, parentSpanId: clientSpanId });
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['platform']));
    // Each stage is a delivery of the event before it, a child of the append that wrote that event.
    expect(deliveriesUpFrom(notifier, spans)).toEqual([
      'platform: process routing-notifier LeadAssigned',
      'platform: process routing-assign-scored-leads LeadScored',
      'platform: process scoring.lead-enriched LeadEnriched',
      'platform: process enrichment.lead-captured LeadCaptured',
    ]);
    // The notification is recorded (SdrNotified) inside the notifier's span.
    expect(spans.some((s) => s.name === 'append assignment' && s.parentSpanId === notifier.spanId)).toBe(true);
    expect(hooks.hooks.length).toBeGreaterThan(0);
    await dir.cleanup();
  }, 180_000);

  it('in distributed mode: the spans of four processes over Kafka form one tree from POST /leads to the notification', async () => {
    const database = await createTestDatabase('trace-kafka');
    const topicPrefix = uniqueTopicPrefix('trace');
    const shared = {
      ...tracingEnv(receiver, hooks.url),
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
    };
    const names = ['lead-intake', 'enrichment', 'scoring', 'routing'];
    const ports: Record<string, number> = {};
    for (const name of names) {
      ports[name] = await freePort();
      children.push(runTs(join(ROOT, 'apps', name, 'src', 'main.ts'), [], { ...shared, PORT: String(ports[name]) }));
    }
    await Promise.all(names.map((name, i) => ready(ports[name], children[i])));
    const at = (name: string) => `http://127.0.0.1:${ports[name]}`;
    const { traceId, clientSpanId, spans, notifier } = await traceOfOneLead(
      { intake: at('lead-intake'), routing: at('routing') },
      receiver,
      'kafka',
    );

    const [root, ...orphans] = unparentedSpans(spans, traceId);
    expect(orphans).toEqual([]);
    expect(root).toMatchObject({ service: 'lead-intake', kind: SERVER, parentSpanId: clientSpanId });
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(names));
    // From the notification up to the request: each hop a Kafka delivery in the next service.
    const process = (category: string) => `process ${topicPrefix}${category}`;
    expect(deliveriesUpFrom(notifier, spans)).toEqual([
      'routing: process routing-notifier LeadAssigned',
      `routing: ${process('score')} LeadScored`,
      `scoring: ${process('enrichment')} LeadEnriched`,
      `enrichment: ${process('lead')} LeadCaptured`,
    ]);
    expect(spans.some((s) => s.name === 'append assignment' && s.parentSpanId === notifier.spanId)).toBe(true);
    // pg is traced inside operations (requireParentSpan), e.g. the capture's queries under POST /leads.
    expect(spans.some((s) => s.service === 'lead-intake' && s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    await Promise.all(children.splice(0).map((child) => killIfRunning(child, 'SIGTERM')));
    await database.drop();
  }, 240_000);
});
