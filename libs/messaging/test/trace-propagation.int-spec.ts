import { trace, type SpanContext } from '@opentelemetry/api';
import type { Consumer } from 'kafkajs';
import { deriveEventId, type RecordedEvent } from '@leadline/event-store';
import { recordSpans, waitFor, type SpanRecorder } from '@leadline/testing';
import type { EventSubscription } from '../src/event-transport.port';
import { TransportLine } from './transport-line';

/**
 * The trace context travels with the event: stored in its metadata at append, on the Kafka record as
 * the CloudEvents distributed-tracing extension (ce_traceparent), and restored around the handler by
 * both transports, so the handler's spans and what it appends continue the producer's trace.
 */
let recorder: SpanRecorder;
const lines: TransportLine[] = [];

beforeAll(async () => {
  recorder = await recordSpans();
});

afterAll(async () => {
  for (const line of lines) await line.close();
  await recorder.stop();
});

const traceparentOf = (span: SpanContext) => `00-${span.traceId}-${span.spanId}-01`;

describe.each(['store-log', 'kafka'] as const)('trace context over the %s transport', (kind) => {
  it('makes the handler span a child of the append span, and the reaction part of the same trace', async () => {
    const line = await TransportLine.open(kind, `trace-${kind}`, { categories: ['lead'], partitions: 1 });
    lines.push(line);
    const { source, subscriber, prefix } = line;
    const headers: Record<string, string>[] = [];
    if (line.kafka && line.relay) {
      const probe: Consumer = line.kafka.consumer({ groupId: `${prefix}probe`, maxWaitTimeInMs: 200 });
      await probe.connect();
      line.onClose(() => probe.disconnect());
      await probe.subscribe({ topics: line.relay.topics, fromBeginning: true });
      await probe.run({
        eachMessage: async ({ message }) => {
          headers.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])));
        },
      });
    }

    const seen: { event: RecordedEvent; active?: SpanContext }[] = [];
    const subscription: EventSubscription = {
      name: 'trace-scoring',
      categories: ['lead'],
      eventTypes: ['LeadCaptured'],
      async handle(event, { store }) {
        seen.push({ event, active: trace.getActiveSpan()?.spanContext() });
        await store.appendToStream(`score-${event.streamId}`, [
          {
            id: deriveEventId(event.id, 'scored'),
            type: 'LeadScored',
            data: {},
            metadata: { leadId: event.metadata.leadId, causationId: event.id },
          },
        ]);
      },
    };
    await line.subscribe(subscription);

    // The producing request: its span is active while the lead is captured.
    const request = await trace.getTracer('spec').startActiveSpan('POST /leads', async (span) => {
      await source.store.appendToStream('lead-t1', [{ type: 'LeadCaptured', data: {}, metadata: { leadId: 't1' } }]);
      span.end();
      return span.spanContext();
    });
    await waitFor(async () => seen.length === 1 && (await subscriber.store.readStream('score-lead-t1')).length === 1, {
      timeoutMs: 60_000,
      message: `the ${kind} subscription handled LeadCaptured`,
    });

    const spans = recorder.spans().filter((span) => span.spanContext().traceId === request.traceId);
    const append = spans.find((span) => span.name === 'append lead');
    expect(append?.parentSpanContext?.spanId).toBe(request.spanId);
    const [stored] = await source.store.readStream('lead-t1');
    expect(stored.metadata.traceparent).toBe(traceparentOf(append!.spanContext()));

    const delivery = spans.find((span) => span.name === (kind === 'kafka' ? `process ${prefix}lead` : 'process trace-scoring'));
    expect(delivery?.parentSpanContext?.spanId).toBe(append?.spanContext().spanId);
    expect(seen[0].active?.spanId).toBe(delivery?.spanContext().spanId);
    if (kind === 'kafka') {
      expect(delivery?.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': `${prefix}trace-scoring`,
      });
      await waitFor(() => headers.length === 1, { timeoutMs: 30_000, message: 'the probe read the relayed record' });
      expect(headers[0].ce_traceparent).toBe(stored.metadata.traceparent);
    }

    const reactionAppend = spans.find((span) => span.name === 'append score');
    expect(reactionAppend?.parentSpanContext?.spanId).toBe(delivery?.spanContext().spanId);
    const [reaction] = await subscriber.store.readStream('score-lead-t1');
    expect(reaction.metadata.traceparent).toBe(traceparentOf(reactionAppend!.spanContext()));
  });
});
