import type { Histogram } from '@opentelemetry/api';
import { ExpectedVersionConflictError, type PostgresEventStore } from '@leadline/event-store';
import { LATENCY_BUCKETS_SECONDS } from './http-metrics';
import type { PlatformMetrics } from './platform-metrics';

/**
 * `leadline_event_store_append_duration_seconds{outcome}`: every append through the store, on its own
 * or inside a processor's or handler's transaction (`inTransaction`), timed around the store's call.
 */
export function measureAppends(store: PostgresEventStore, metrics: PlatformMetrics): PostgresEventStore {
  const duration = metrics.meter.createHistogram('leadline_event_store_append_duration_seconds', {
    description: 'Event store append duration (one call, one stream, any number of events), by outcome',
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_SECONDS },
  });
  const append = store.appendToStream.bind(store);
  const inTransaction = store.inTransaction.bind(store);
  store.appendToStream = (streamId, events, options) => timed(duration, () => append(streamId, events, options));
  store.inTransaction = (tx) => {
    const scoped = inTransaction(tx);
    const scopedAppend = scoped.appendToStream.bind(scoped);
    return { ...scoped, appendToStream: (streamId, events, options) => timed(duration, () => scopedAppend(streamId, events, options)) };
  };
  return store;
}

async function timed<T>(histogram: Histogram, call: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  let outcome = 'error';
  try {
    const result = await call();
    outcome = 'appended';
    return result;
  } catch (error) {
    if (error instanceof ExpectedVersionConflictError) outcome = 'conflict';
    throw error;
  } finally {
    histogram.record(Number(process.hrtime.bigint() - started) / 1e9, { outcome });
  }
}
