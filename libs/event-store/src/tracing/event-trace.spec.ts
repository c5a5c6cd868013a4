import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { recordSpans, type SpanRecorder } from '@leadline/testing';
import type { RecordedEvent } from '../event.types';
import { activeTraceContext, eventTraceContext, inAppendSpan, inBatchTrace, inEventTrace, withTraceContext } from './event-trace';

const tracer = () => trace.getTracer('event-trace.spec');

function recorded(metadata: RecordedEvent['metadata']): RecordedEvent {
  return {
    id: '6f1c1d2e-0000-4000-8000-000000000001',
    type: 'LeadCaptured',
    data: { email: 'ada@example.com' },
    streamId: 'lead-42',
    streamVersion: 1,
    category: 'lead',
    metadata,
    globalPosition: 1n,
    transactionId: 1n,
    recordedAt: new Date('2026-12-04T00:00:00Z'),
  };
}

describe('without an SDK (tracing off)', () => {
  it('adds nothing to metadata and still runs the work', async () => {
    expect(activeTraceContext()).toEqual({});
    const metadata = { leadId: 'l1', schemaVersion: 1 };
    expect(withTraceContext(metadata)).toBe(metadata);
    await expect(inEventTrace(recorded({ schemaVersion: 1 }), 'process x', {}, async () => 'done')).resolves.toBe('done');
    await expect(inAppendSpan('lead-1', [], async () => 7)).resolves.toBe(7);
  });

  it('rejects when the work throws before it returns a promise, as it does inside a span', async () => {
    const fails = (): Promise<never> => {
      throw new Error('at once');
    };
    await expect(inEventTrace(recorded({ schemaVersion: 1 }), 'process x', {}, fails)).rejects.toThrow('at once');
    await expect(inBatchTrace([recorded({ schemaVersion: 1 })], 'process x', {}, fails)).rejects.toThrow('at once');
    await expect(inAppendSpan('lead-1', [], fails)).rejects.toThrow('at once');
  });
});

describe('with an SDK', () => {
  let recorder: SpanRecorder;
  beforeAll(async () => {
    recorder = await recordSpans();
  });
  afterAll(() => recorder.stop());

  it('puts the active span as W3C traceparent in metadata, replacing one copied from a cause', () => {
    tracer().startActiveSpan('request', (span) => {
      const { traceId, spanId } = span.spanContext();
      const metadata = withTraceContext({ leadId: 'l1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
      expect(metadata).toEqual({ leadId: 'l1', traceparent: `00-${traceId}-${spanId}-01` });
      span.end();
    });
  });

  it('keeps what the caller gave when no span is active', () => {
    const metadata = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect(withTraceContext(metadata)).toBe(metadata);
  });

  it('runs a delivery in a consumer span that is a child of the span the event was appended in, whatever is active', async () => {
    const appendedIn = tracer().startSpan('append');
    const traceparent = `00-${appendedIn.spanContext().traceId}-${appendedIn.spanContext().spanId}-01`;
    appendedIn.end();
    const event = recorded({ schemaVersion: 1, leadId: 'lead-42', traceparent });
    expect(trace.getSpanContext(eventTraceContext(event.metadata))?.traceId).toBe(appendedIn.spanContext().traceId);
    const seenInside = await tracer().startActiveSpan('unrelated poll loop', async (loop) => {
      const inside = await inEventTrace(event, 'process lead', { extra: 1 }, async () => trace.getActiveSpan()?.spanContext());
      loop.end();
      return inside;
    });
    const delivery = recorder.spans().find((span) => span.name === 'process lead');
    expect(delivery?.spanContext().traceId).toBe(appendedIn.spanContext().traceId);
    expect(delivery?.parentSpanContext?.spanId).toBe(appendedIn.spanContext().spanId);
    expect(delivery?.kind).toBe(SpanKind.CONSUMER);
    expect(delivery?.attributes).toMatchObject({
      'leadline.event.type': 'LeadCaptured',
      'leadline.stream.id': 'lead-42',
      'leadline.lead.id': 'lead-42',
      extra: 1,
    });
    // Ids only: the event's data (personal fields) never becomes a span attribute.
    expect(JSON.stringify(delivery?.attributes)).not.toContain('ada@example.com');
    expect(seenInside?.spanId).toBe(delivery?.spanContext().spanId);
  });

  it('marks the span failed and rethrows when the handler throws', async () => {
    const failing = inEventTrace(recorded({ schemaVersion: 1 }), 'process failing', {}, async () => {
      throw new Error('handler failed');
    });
    await expect(failing).rejects.toThrow('handler failed');
    const span = recorder.spans().find((s) => s.name === 'process failing');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.map((e) => e.name)).toContain('exception');
    // An event without trace context starts a trace of its own.
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('makes the append span the parent of the trace context its events carry', async () => {
    const carried = await inAppendSpan('lead-7', [{ type: 'LeadCaptured', data: {} }], async () =>
      withTraceContext<{ traceparent?: string }>({}),
    );
    const append = recorder.spans().find((span) => span.name === 'append lead');
    expect(append?.attributes).toMatchObject({ 'leadline.stream.id': 'lead-7', 'leadline.event.count': 1 });
    expect(carried.traceparent).toBe(`00-${append?.spanContext().traceId}-${append?.spanContext().spanId}-01`);
  });
});
