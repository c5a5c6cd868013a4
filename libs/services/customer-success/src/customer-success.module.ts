import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { CustomerSuccessInfoController } from './customer-success-info.controller';
import { CUSTOMER_SUCCESS_SERVICE } from './customer-success.service-info';

@Module({
  controllers: [CustomerSuccessInfoController],
})
export class CustomerSuccessModule {}

export const customerSuccessService: ServiceDescriptor = { ...CUSTOMER_SUCCESS_SERVICE, module: CustomerSuccessModule };
