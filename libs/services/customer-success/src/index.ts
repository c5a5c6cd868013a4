export { CustomerSuccessModule, customerSuccessService } from './customer-success.module';
export { CUSTOMER_SUCCESS_SERVICE } from './customer-success.service-info';
