import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import type { ServiceDescriptor } from '@leadline/platform';
import { systemClock } from '@leadline/scheduling';
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

export interface CustomerSuccessOptions {
  /** Virtual time for tests and simulations; the system clock by default. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

@Module({})
export class CustomerSuccessModule {
  static forRoot(options: CustomerSuccessOptions = {}): DynamicModule {
    return {
      module: CustomerSuccessModule,
      controllers: [CustomerSuccessInfoController, ManagersController, CustomersController],
      providers: [
        { provide: CUSTOMER_SUCCESS_CONFIG, useFactory: () => loadCustomerSuccessConfig(options.env ?? process.env) },
        { provide: CUSTOMER_SUCCESS_CLOCK, useValue: options.clock ?? systemClock },
        ManagersHandler,
        CustomersHandler,
        WonDealSubscription,
        RenewalWindowProcessor,
        CustomerSuccessLifecycle,
      ],
      exports: [CustomerSuccessLifecycle],
    };
  }
}

/** The customer-success service with its own clock or settings (tests pass a virtual clock and env). */
export function createCustomerSuccessService(options: CustomerSuccessOptions = {}): ServiceDescriptor {
  @Module({ imports: [CustomerSuccessModule.forRoot(options)] })
  class CustomerSuccessServiceModule {}
  return { ...CUSTOMER_SUCCESS_SERVICE, module: CustomerSuccessServiceModule };
}

export const customerSuccessService: ServiceDescriptor = createCustomerSuccessService();
