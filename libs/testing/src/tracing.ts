import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** An OpenTelemetry SDK in this process that keeps finished spans in memory, for assertions. */
export interface SpanRecorder {
  spans(): ReadableSpan[];
  /** Unregisters the SDK: the API is a no-op again. */
  stop(): Promise<void>;
}

/**
 * Starts the Node SDK (AsyncLocalStorage context, W3C propagation) with an in-memory exporter and
 * no instrumentations, metrics or logs: the application's own spans only.
 */
export async function recordSpans(): Promise<SpanRecorder> {
  // Loaded here, not with the module: the SDK takes half a second to load, most suites never trace.
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({
    autoDetectResources: false,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return {
    spans: () => exporter.getFinishedSpans(),
    stop: async () => {
      await sdk.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
