// Loaded first by every entry point (apps/*/src/tracing.ts), before Nest, http and pg: keep its
// imports to type-only ones and the API, so that nothing it loads is loaded too early to be traced.
import type { IncomingMessage } from 'node:http';
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/**
 * Whether the standard OTEL_* variables ask for traces: an exporter named in OTEL_TRACES_EXPORTER
 * (other than `none`), or an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and OTEL_SDK_DISABLED not true. Unlike the bare SDK, which
 * exports to localhost:4318 when nothing is set, an unconfigured process does not trace.
 */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (exporters.length > 0) return !exporters.every((name) => name === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** Probes and scrapes are not traced: each would be a trace of its own, every few seconds. */
const UNTRACED_PATHS = /^\/(health|ready|metrics)(\/|\?|$)/;

/**
 * Starts the OpenTelemetry Node SDK for traces when `tracingConfigured`, with the maintained
 * instrumentations for http (incoming and outgoing), Nest and pg, configured by the OTEL_*
 * variables (exporter, protocol, endpoint, headers, sampler, propagators, resource). When not
 * configured nothing is loaded or registered: the API stays a no-op (see docs/operations.md,
 * Tracing). `serviceName` is the default `service.name`; OTEL_SERVICE_NAME or
 * OTEL_RESOURCE_ATTRIBUTES override it. Metrics and logs are not exported through the SDK.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !tracingConfigured(env)) return sdk !== undefined;
  // Loaded only when tracing is on: the SDK and its instrumentations take half a second to load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { NestInstrumentation } =
    require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    // Detected attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) take precedence over these.
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'leadline' })),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? '') }),
      new NestInstrumentation(),
      // Queries outside a traced operation (processors polling the log, the relay's reads) are not traced.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return true;
}

/**
 * Exports the spans still buffered and stops the SDK (graceful shutdown); nothing when tracing is off.
 * Waits at most `timeoutMs`: an unreachable collector must not hold a shutdown up.
 */
export async function shutdownTracing(timeoutMs = 3_000): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([running.shutdown().catch(() => undefined), timeout]);
  clearTimeout(timer);
}
