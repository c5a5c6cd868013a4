import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { RoutingInfoController } from './routing-info.controller';
import { ROUTING_SERVICE } from './routing.service-info';

@Module({
  controllers: [RoutingInfoController],
})
export class RoutingModule {}

export const routingService: ServiceDescriptor = { ...ROUTING_SERVICE, module: RoutingModule };
