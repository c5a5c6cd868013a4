import { Injectable } from '@nestjs/common';
import type { Histogram } from '@opentelemetry/api';
import { PlatformMetrics } from './platform-metrics';

/** Seconds: from a health probe's millisecond to a slow bulk upload. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface RoutedRequest {
  readonly method: string;
  readonly baseUrl?: string;
  /** Set by Express on the route that matched: its template (`/leads/:leadId`), never the concrete path. */
  readonly route?: { readonly path?: unknown };
}
interface FinishingResponse {
  readonly statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * `leadline_http_server_request_duration_seconds{method, route, status}`: every request, refused ones
 * (401, 403, 413, 429) included, labelled by its route template so the series stay few.
 */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram;

  constructor(metrics: PlatformMetrics) {
    this.duration = metrics.meter.createHistogram('leadline_http_server_request_duration_seconds', {
      description: 'HTTP request duration by method, route template and status code',
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS_SECONDS },
    });
  }

  readonly middleware = (request: RoutedRequest, response: FinishingResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.duration.record(seconds, { method: request.method, route: routeOf(request), status: String(response.statusCode) });
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

function routeOf(request: RoutedRequest): string {
  const template = request.route?.path;
  return typeof template === 'string' ? `${request.baseUrl ?? ''}${template}` : 'unmatched';
}
