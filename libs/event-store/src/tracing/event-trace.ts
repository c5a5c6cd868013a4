import {
  context,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { categoryOf, type EventMetadata, type NewEvent, type RecordedEvent } from '../event.types';

/**
 * Trace context travels with the event: an append stores the active span's W3C `traceparent` (and
 * `tracestate`) in each event's metadata, and whoever delivers the event later (a store-log
 * subscription, a processor, a Kafka consumer) runs its handler in a span whose parent is that
 * context. So a lead's capture, enrichment, scoring and assignment form one trace across processes.
 *
 * Without an OpenTelemetry SDK (tracing off, the default) the API is a no-op: no span is active, so
 * nothing is added to metadata, and the spans below are non-recording stand-ins. With one, the W3C
 * `tracecontext` propagator must be among OTEL_PROPAGATORS (it is by default).
 */
export const TRACE_CONTEXT_KEYS = ['traceparent', 'tracestate'] as const;

const tracer = trace.getTracer('@leadline/event-store');

/** What the API's global tracer provider delegates to before an SDK registers one (the API's no-op provider). */
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * Whether an SDK has registered a tracer provider (tracing on). Off, the spans below would be non-recording stand-ins
 * under a no-op context manager, so a delivery or an append runs its work directly: a span's attributes, the span and
 * an async frame around the work cost ~1-1.5 % of a line service's CPU at 500 leads/s for nothing.
 */
function tracingOn(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_SDK;
}

/** The active span's trace context as metadata fields; empty when no span is active. */
export function activeTraceContext(): { traceparent?: string; tracestate?: string } {
  const active = context.active();
  if (!trace.getSpanContext(active)) return {};
  // The SDK's propagator (OTEL_PROPAGATORS, default tracecontext,baggage): only the W3C trace context is kept.
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const { traceparent, tracestate } = carrier;
  if (traceparent === undefined) return {};
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}

/** The trace context an event was appended in (ROOT_CONTEXT when it carries none). */
export function eventTraceContext(metadata: EventMetadata): Context {
  const { traceparent, tracestate } = metadata;
  if (typeof traceparent !== 'string') return ROOT_CONTEXT;
  const carrier = typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Metadata with the active span's trace context (replacing any the caller copied from a cause: the
 * active span is the closer parent); as given when no span is active (tracing off).
 */
export function withTraceContext<M extends EventMetadata>(metadata: M): M {
  const traceContext = activeTraceContext();
  if (traceContext.traceparent === undefined) return metadata;
  const { traceparent: _traceparent, tracestate: _tracestate, ...rest } = metadata;
  return { ...rest, ...traceContext } as M;
}

/** Attributes that name an event on a span (ids, never data: no personal fields reach a trace). */
export function eventSpanAttributes(event: RecordedEvent): Attributes {
  return {
    'leadline.event.id': event.id,
    'leadline.event.type': event.type,
    'leadline.stream.id': event.streamId,
    ...(typeof event.metadata.leadId === 'string' ? { 'leadline.lead.id': event.metadata.leadId } : {}),
  };
}

/**
 * Runs a delivery of `event` to its handler in a CONSUMER span that continues the event's trace
 * (child of the span it was appended in), whatever context the delivering loop runs in.
 */
export function inEventTrace<T>(event: RecordedEvent, name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return untraced(work);
  const options = { kind: SpanKind.CONSUMER, attributes: { ...eventSpanAttributes(event), ...attributes } };
  return tracer.startActiveSpan(name, options, eventTraceContext(event.metadata), (span) => endAfter(span, work));
}

/**
 * Runs the shared work of a batch delivery (one read, one append for all its events) in one span: a child of the
 * first event's trace, linked to every event's (OpenTelemetry links), named by `leadline.event.count`. Each event's
 * own delivery span (inEventTrace) stays a child of the span it was appended in.
 */
export function inBatchTrace<T>(
  events: readonly RecordedEvent[],
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracingOn()) return untraced(work);
  const links: Link[] = [];
  for (const event of events) {
    const linked = trace.getSpanContext(eventTraceContext(event.metadata));
    if (linked) links.push({ context: linked });
  }
  const options = { kind: SpanKind.CONSUMER, links, attributes: { 'leadline.event.count': events.length, ...attributes } };
  const parent = events.length > 0 ? eventTraceContext(events[0].metadata) : ROOT_CONTEXT;
  return tracer.startActiveSpan(name, options, parent, (span) => endAfter(span, work));
}

/** An append as a span: the events appended inside it carry its context. */
export function inAppendSpan<T>(streamId: string, events: readonly NewEvent[], work: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return untraced(work);
  const attributes = {
    'leadline.stream.id': streamId,
    'leadline.event.types': [...new Set(events.map((event) => event.type))],
    'leadline.event.count': events.length,
  };
  return tracer.startActiveSpan(`append ${categoryOf(streamId)}`, { kind: SpanKind.INTERNAL, attributes }, (span) => endAfter(span, work));
}

/** The work as a span would run it, a synchronous throw included (a rejection), without the span. */
function untraced<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

async function endAfter<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : undefined });
    throw error;
  } finally {
    span.end();
  }
}
