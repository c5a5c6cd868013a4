import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PLATFORM_CONFIG, SERVICE_DESCRIPTORS } from '../platform.tokens';
import type { PlatformConfig } from '../config';
import { relayNameOf } from '../infrastructure.providers';
import type { ServiceDescriptor } from '../service-descriptor';

/** Where Prometheus scrapes: the OpenTelemetry Prometheus exporter's default path. */
export const METRICS_PATH = '/metrics';

/**
 * The process's own OpenTelemetry MeterProvider, read by the Prometheus exporter (whether tracing is
 * on or not). Every app has one, so tests that run several apps in one process keep their figures
 * apart; only `listen` (bootstrapService) opens the management port.
 */
@Injectable()
export class PlatformMetrics implements OnApplicationShutdown {
  private readonly exporter = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  private readonly provider: MeterProvider;
  readonly meter: Meter;
  private server?: Server;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_DESCRIPTORS) services: readonly ServiceDescriptor[],
  ) {
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': `leadline-${relayNameOf(services)}` }),
      readers: [this.exporter],
    });
    this.meter = this.provider.getMeter('leadline');
  }

  /**
   * Serves `GET /metrics` on PROMETHEUS_PORT (0: a free one) and resolves with the port. Our own server
   * around the exporter's request handler: the exporter's server cannot take port 0.
   */
  async listen(port = this.config.prometheusPort ?? 9464): Promise<number> {
    const server = createServer((request, response) => {
      if (request.method === 'GET' && new URL(request.url ?? '/', 'http://localhost').pathname === METRICS_PATH) {
        this.exporter.getMetricsRequestHandler(request, response);
        return;
      }
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    this.server = server.unref();
    const actual = (server.address() as AddressInfo).port;
    new Logger('Metrics').log(`Prometheus metrics on port ${actual}, path ${METRICS_PATH}`);
    return actual;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.provider.shutdown().catch(() => undefined);
  }
}
