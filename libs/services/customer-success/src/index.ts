export { CustomerSuccessModule, customerSuccessService, createCustomerSuccessService } from './customer-success.module';
export { CUSTOMER_SUCCESS_SERVICE } from './customer-success.service-info';
export { loadCustomerSuccessConfig, type CustomerSuccessConfig } from './customer-success.config';
export { CustomerSuccessLifecycle } from './customer-success.lifecycle';
export type { CustomerView } from './customers/customers.repository';
export type { ManagerEntry } from './managers/managers.repository';
