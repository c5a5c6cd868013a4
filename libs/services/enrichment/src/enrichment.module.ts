import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { EnrichmentInfoController } from './enrichment-info.controller';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';

@Module({
  controllers: [EnrichmentInfoController],
})
export class EnrichmentModule {}

export const enrichmentService: ServiceDescriptor = { ...ENRICHMENT_SERVICE, module: EnrichmentModule };
