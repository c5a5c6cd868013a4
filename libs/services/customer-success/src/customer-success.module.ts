import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { CustomersController } from './customers/customers.controller';
import { CustomersHandler } from './customers/customers.handler';
import { RenewalWindowProcessor } from './customers/renewal-window.processor';
import { WonDealSubscription } from './customers/won-deal.subscription';
import { CustomerSuccessInfoController } from './customer-success-info.controller';
import { loadCustomerSuccessConfig } from './customer-success.config';
import { CustomerSuccessLifecycle } from './customer-success.lifecycle';
import { CUSTOMER_SUCCESS_SERVICE } from './customer-success.service-info';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from './customer-success.tokens';
import { ManagersController } from './managers/managers.controller';
import { ManagersHandler } from './managers/managers.handler';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';
import { CUSTOMER_SUCCESS_MIGRATIONS } from './customer-success.schema';

@Module({})
export class CustomerSuccessModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: CustomerSuccessModule,
      controllers: [CustomerSuccessInfoController, ManagersController, CustomersController, WonDealSubscription, RenewalWindowProcessor],
      providers: [
        ...serviceSettings(options, { clock: CUSTOMER_SUCCESS_CLOCK, config: CUSTOMER_SUCCESS_CONFIG }, loadCustomerSuccessConfig),
        ManagersHandler,
        CustomersHandler,
        CustomerSuccessLifecycle,
      ],
    };
  }
}

/** The customer-success service with its own clock or settings (tests pass a virtual clock and env). */
export const createCustomerSuccessService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...CUSTOMER_SUCCESS_SERVICE,
  module: CustomerSuccessModule.forRoot(options),
  migrations: [SCHEDULING_MIGRATIONS, CUSTOMER_SUCCESS_MIGRATIONS],
});

export const customerSuccessService: ServiceDescriptor = createCustomerSuccessService();
