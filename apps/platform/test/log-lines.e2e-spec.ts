// Issue 13's log shape, shown on what one process prints: Nest's lines, kafkajs's and an application
// error are one JSON shape with the trace and request ids, and a lead's personal data is in none of them.
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { createPlatformLogger, Public, type ServiceDescriptor } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { CapturedLines, recordSpans, testInfra, uniqueTopicPrefix, waitFor, type SpanRecorder } from '@leadline/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';

const PIPELINE = PLATFORM_SERVICES.filter((service) => ['lead-intake', 'enrichment', 'scoring', 'routing'].includes(service.name));
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const tracer = trace.getTracer('log-lines-spec');

/** Application code that fails inside a traced operation and logs it, as a handler would. */
@Controller('log-probe')
@Public()
class LogProbeController {
  private readonly logger = new Logger('LogProbe');

  @Get('failure')
  failure(): never {
    return tracer.startActiveSpan('probe', (span) => {
      const error = new Error('no territory for road.runner@acme.example');
      this.logger.error(error.message, error.stack);
      span.end();
      throw error;
    });
  }
}

@Module({ controllers: [LogProbeController] })
class LogProbeModule {}

const LOG_PROBE: ServiceDescriptor = { name: 'log-probe', module: LogProbeModule, ownedCategories: [], readiness: 'database' };

const PERSON = { firstName: 'Wilhelmina', lastName: 'Quaxley', email: 'wilhelmina.quaxley@acme-logs.example', phone: '+1 415 555 0142' };

describe('log lines of a process on PostgreSQL and Kafka', () => {
  const out = new CapturedLines();
  let spans: SpanRecorder;
  let t: TestApp;
  let startTraceId: string;

  beforeAll(async () => {
    spans = await recordSpans();
    const logger = createPlatformLogger({ service: 'platform', level: 'debug', destination: out });
    const env = { KAFKA_BROKERS: testInfra().kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('log-lines') };
    // Started inside a span: what Nest and kafkajs log while it starts carries its trace id.
    startTraceId = await tracer.startActiveSpan('start', async (span) => {
      t = await startTestApp([...PIPELINE, LOG_PROBE], 'pg', 'log-lines', { listen: true, env, logger });
      span.end();
      return span.spanContext().traceId;
    });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await spans?.stop();
  });

  it('writes every line as one JSON shape: time, level name, service, msg', () => {
    expect(out.raw.length).toBeGreaterThan(50);
    for (const line of out.lines) {
      expect(line).toMatchObject({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        service: 'platform',
        msg: expect.any(String),
      });
      expect(LEVELS).toContain(line['level']);
      expect(line).not.toHaveProperty('pid');
    }
  });

  it('Nest’s and kafkajs’s lines carry the trace id of the span they were written in', () => {
    const ofStart = out.lines.filter((line) => line['trace_id'] === startTraceId);
    expect(ofStart.find((line) => line['context'] === 'InstanceLoader')).toMatchObject({
      level: 'debug',
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(ofStart.find((line) => line['context'] === 'Kafka' && line['msg'] === 'Starting')).toMatchObject({
      level: 'info',
      kafka: { namespace: expect.any(String), groupId: expect.any(String) },
    });
  });

  it('an application error: its line has the request id sent, the trace id, the stack, and no email address', async () => {
    const response = await t.http().get('/log-probe/failure').set('x-request-id', 'probe-1');
    expect(response.status).toBe(500);
    expect(response.headers['x-request-id']).toBe('probe-1');
    const probeSpan = spans.spans().find((span) => span.name === 'probe');
    expect(probeSpan).toBeDefined();
    const ofRequest = out.lines.filter((line) => line['request_id'] === 'probe-1');
    expect(ofRequest.find((line) => line['context'] === 'LogProbe')).toMatchObject({
      level: 'error',
      trace_id: probeSpan?.spanContext().traceId,
      span_id: probeSpan?.spanContext().spanId,
      msg: 'no territory for [email]',
      err: { stack: expect.stringContaining('log-lines.e2e-spec.ts') },
    });
    // Nest's own handler logs the unhandled error too, in the same request.
    expect(ofRequest.find((line) => line['context'] === 'ExceptionsHandler')).toMatchObject({ level: 'error' });
    expect(out.raw.join('\n')).not.toContain('road.runner');
  });

  it('a lead captured, enriched, scored and assigned: its person is in no line the process wrote', async () => {
    const sdr = {
      sdrId: 'log-sdr',
      name: 'Log Router',
      email: 'log.router@acme-logs.example',
      managerEmail: 'log.manager@acme-logs.example',
      team: 'inbound',
      territories: ['*'],
      segments: ['*'],
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      timeZone: 'UTC',
    };
    const rostered = await t.http().post('/sdrs').send(sdr);
    expect({ status: rostered.status, body: rostered.body as unknown }).toMatchObject({ status: 201 });
    const captured = await t
      .http()
      .post('/leads')
      .set('x-request-id', 'capture-1')
      .send({
        source: 'demo-request',
        contact: { ...PERSON, title: 'VP Engineering' },
        company: { name: 'Acme Logs', website: 'https://www.acme-logs.example', country: 'US' },
        consent: true,
      });
    expect(captured.status).toBe(202);
    const leadId = captured.body.leadId as string;
    await waitFor(
      async () =>
        ((await t.http().get(`/leads/${leadId}/journey`)).body.events as { type: string }[]).some((e) => e.type === 'LeadAssigned'),
      {
        timeoutMs: 60_000,
        message: () => `lead ${leadId} assigned`,
      },
    );
    expect(out.lines.filter((line) => line['request_id'] === 'capture-1').map((line) => line['msg'])).toContain('POST /leads 202');
    const everything = out.raw.join('\n');
    for (const text of [...Object.values(PERSON), 'wilhelmina', sdr.email, sdr.managerEmail]) expect(everything).not.toContain(text);
  });
});
