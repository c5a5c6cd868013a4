import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { MetricsInfoController } from './metrics-info.controller';
import { METRICS_SERVICE } from './metrics.service-info';

@Module({
  controllers: [MetricsInfoController],
})
export class MetricsModule {}

export const metricsService: ServiceDescriptor = { ...METRICS_SERVICE, module: MetricsModule };
