import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { pipelineProviders, type PipelineOptions } from '../opportunities/shared/pipeline.options';
import { NurtureController } from './nurture.controller';
import { NurtureHandler } from './nurture.handler';
import { NurtureLifecycle } from './nurture.lifecycle';
import { NurtureRecycleProcessor } from './nurture-recycle.processor';

function metadata(options: PipelineOptions): ModuleMetadata {
  return {
    controllers: [NurtureController],
    providers: [...pipelineProviders(options), NurtureHandler, NurtureRecycleProcessor, NurtureLifecycle],
    exports: [NurtureLifecycle],
  };
}

/** Nurture: the hugger queue, return to the original AE, recycling after a year or a hopeless loss. */
@Module(metadata({}))
export class NurtureModule {
  static forRoot(options: PipelineOptions): DynamicModule {
    @Module(metadata(options))
    class ConfiguredNurtureModule {}
    return { module: ConfiguredNurtureModule };
  }
}
