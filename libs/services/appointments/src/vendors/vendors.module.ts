import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { pipelineProviders, type PipelineOptions } from '../opportunities/shared/pipeline.options';
import { VendorController } from './vendor.controller';
import { VendorConversionsProcessor } from './vendor-conversions.processor';
import { VendorHandler } from './vendor.handler';
import { VendorsLifecycle } from './vendors.lifecycle';

function metadata(options: PipelineOptions): ModuleMetadata {
  return {
    controllers: [VendorController],
    providers: [...pipelineProviders(options), VendorHandler, VendorConversionsProcessor, VendorsLifecycle],
  };
}

/** List vendors: a new vendor's sample, the statistical decision, held leads released or archived. */
@Module(metadata({}))
export class VendorsModule {
  static forRoot(options: PipelineOptions): DynamicModule {
    @Module(metadata(options))
    class ConfiguredVendorsModule {}
    return { module: ConfiguredVendorsModule };
  }
}
