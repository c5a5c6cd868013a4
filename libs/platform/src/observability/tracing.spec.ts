import { trace } from '@opentelemetry/api';
import { startTracing, tracingConfigured } from './tracing';

describe('tracingConfigured: tracing is off unless the standard OTEL_* variables ask for it', () => {
  it.each([
    [{}, false],
    [{ OTEL_SERVICE_NAME: 'lead-intake' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' }, true],
  ] as [NodeJS.ProcessEnv, boolean][])('%j → %s', (env, expected) => {
    expect(tracingConfigured(env)).toBe(expected);
  });
});

describe('startTracing without configuration', () => {
  it('starts nothing: spans stay non-recording and no trace context exists', () => {
    expect(startTracing('lead-intake', {})).toBe(false);
    const span = trace.getTracer('spec').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    span.end();
  });
});
