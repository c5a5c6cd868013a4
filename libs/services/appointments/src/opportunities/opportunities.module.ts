import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { pipelineProviders, type PipelineOptions } from './shared/pipeline.options';
import { OpportunitiesLifecycle } from './opportunities.lifecycle';
import { OpenOpportunityProcessor } from './open-opportunity.processor';
import { OpportunityController } from './opportunity.controller';
import { OpportunityHandler } from './opportunity.handler';

function metadata(options: PipelineOptions): ModuleMetadata {
  return {
    controllers: [OpportunityController],
    providers: [...pipelineProviders(options), OpportunityHandler, OpenOpportunityProcessor, OpportunitiesLifecycle],
  };
}

/** Opportunities: opened on a lead's first held appointment, staged, won or lost (system clock, process.env). */
@Module(metadata({}))
export class OpportunitiesModule {
  /** The same module on a given clock and settings (tests pass a virtual clock and env). */
  static forRoot(options: PipelineOptions): DynamicModule {
    @Module(metadata(options))
    class ConfiguredOpportunitiesModule {}
    return { module: ConfiguredOpportunitiesModule };
  }
}
