import { trace } from '@opentelemetry/api';
import { logLevel } from 'kafkajs';
import { CapturedLines, recordSpans, type SpanRecorder } from '@leadline/testing';
import { kafkajsLevelFor, kafkajsLogCreator } from './kafkajs-log-creator';
import { PlatformNestLogger } from './nest-logger';
import { createPlatformLogger } from './platform-logger';

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function capture(level: 'log' | 'debug' = 'log') {
  const out = new CapturedLines();
  return { out, logger: createPlatformLogger({ service: 'lead-intake', level, destination: out }) };
}

describe('the platform logger', () => {
  let spans: SpanRecorder;
  beforeAll(async () => {
    spans = await recordSpans();
  });
  afterAll(() => spans.stop());

  it('writes one JSON shape: time, level name, service, msg and the fields given', () => {
    const { out, logger } = capture();
    logger.info({ context: 'Auth', leadId: 'l-1' }, 'issued');
    expect(out.lines).toEqual([
      { time: expect.stringMatching(ISO_TIME), level: 'info', service: 'lead-intake', context: 'Auth', leadId: 'l-1', msg: 'issued' },
    ]);
  });

  it('adds the active span’s trace and span ids, and none outside a span', () => {
    const { out, logger } = capture();
    const tracer = trace.getTracer('log-test');
    const ids = tracer.startActiveSpan('capture', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    expect(out.lines[0]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.lines[1]).not.toHaveProperty('trace_id');
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('never writes personal data or credentials: listed fields redacted, addresses and keys in text masked', () => {
    const { out, logger } = capture();
    logger.info(
      {
        contact: { firstName: 'Wile', email: 'wile.coyote@acme.com' },
        lead: { email: 'road.runner@acme.com', phone: '+1 415 555 0100', lastName: 'Runner' },
        req: { headers: { authorization: 'Bearer ll_0123456789abcdef_abcdefghijklmnopqrstuvwxyz0123456789abcdefgh', 'x-api-key': 'k-9' } },
      },
      'duplicate of Wile.Coyote@Acme.com sent with ll_0123456789abcdef_abcdefghijklmnopqrstuvwxyz0123456789abcdefgh',
    );
    const [line] = out.raw;
    for (const secret of ['Wile', 'coyote', 'Coyote', 'road.runner', '555 0100', 'Runner', 'abcdefghijklmnop', 'k-9'])
      expect(line).not.toContain(secret);
    expect(out.lines[0]).toMatchObject({
      contact: '[redacted]',
      lead: { email: '[redacted]', phone: '[redacted]', lastName: '[redacted]' },
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } },
      msg: 'duplicate of [email] sent with [api key]',
    });
  });

  it('takes LOG_LEVEL: a debug line is dropped at the default level and written at debug', () => {
    const quiet = capture('log');
    const chatty = capture('debug');
    quiet.logger.debug('wiring');
    chatty.logger.debug('wiring');
    expect(quiet.out.raw).toEqual([]);
    expect(chatty.out.lines).toMatchObject([{ level: 'debug', msg: 'wiring' }]);
  });
});

describe('Nest through the platform logger', () => {
  it('puts module wiring and route mapping at debug, application lines at their level with their context', () => {
    const { out, logger } = capture('debug');
    const nest = new PlatformNestLogger(logger);
    nest.log('Mapped {/leads, POST} route', 'RouterExplorer');
    nest.log('LeadIntakeModule dependencies initialized', 'InstanceLoader');
    nest.log('Demo organisation: 4 SDRs', 'DemoOrganisation');
    nest.warn('no key yet', 'Auth');
    expect(out.lines.map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      { level: 'debug', context: 'RouterExplorer', msg: 'Mapped {/leads, POST} route' },
      { level: 'debug', context: 'InstanceLoader', msg: 'LeadIntakeModule dependencies initialized' },
      { level: 'info', context: 'DemoOrganisation', msg: 'Demo organisation: 4 SDRs' },
      { level: 'warn', context: 'Auth', msg: 'no key yet' },
    ]);
  });

  it('writes an error with its stack as `err`', () => {
    const { out, logger } = capture();
    const error = new Error('the store is away');
    new PlatformNestLogger(logger).error(error.message, error.stack, 'ExceptionsHandler');
    expect(out.lines[0]).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      err: { message: 'the store is away', stack: expect.stringContaining('platform-logger.spec.ts') },
    });
  });
});

describe('kafkajs through the platform logger', () => {
  it('maps its levels and entry fields into the same shape (its protocol debug at trace, dropped at debug)', () => {
    const { out, logger } = capture('debug');
    const log = kafkajsLogCreator(() => logger)(logLevel.INFO);
    const entry = (level: logLevel, message: string, extra: object = {}) =>
      log({ namespace: 'Consumer', level, label: '', log: { timestamp: 'now', logger: 'kafkajs', message, ...extra } });
    entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'scoring', retryCount: 5 });
    entry(logLevel.WARN, 'Heartbeat failed');
    entry(logLevel.INFO, 'Consumer has joined the group', { groupId: 'scoring' });
    entry(logLevel.DEBUG, 'Request Fetch(key: 1)');
    expect(out.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'Kafka',
        msg: 'Crash: KafkaJSNumberOfRetriesExceeded',
        kafka: { namespace: 'Consumer', groupId: 'scoring', retryCount: 5 },
      }),
      expect.objectContaining({ level: 'warn', context: 'Kafka', msg: 'Heartbeat failed', kafka: { namespace: 'Consumer' } }),
      expect.objectContaining({ level: 'info', service: 'lead-intake', msg: 'Consumer has joined the group' }),
    ]);
  });

  it('asks kafkajs only for what the level shows: INFO at info and debug, DEBUG at trace', () => {
    expect(kafkajsLevelFor(capture('log').logger)).toBe(logLevel.INFO);
    expect(kafkajsLevelFor(createPlatformLogger({ service: 's', level: 'warn', destination: new CapturedLines() }))).toBe(logLevel.WARN);
    expect(kafkajsLevelFor(createPlatformLogger({ service: 's', level: 'trace', destination: new CapturedLines() }))).toBe(logLevel.DEBUG);
  });
});
