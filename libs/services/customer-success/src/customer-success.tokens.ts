import { serviceHandler, serviceReaction } from '@leadline/platform';
import type { CustomerSuccessConfig } from './customer-success.config';
export const CUSTOMER_SUCCESS_CONFIG = Symbol('CUSTOMER_SUCCESS_CONFIG');
export const CUSTOMER_SUCCESS_CLOCK = Symbol('CUSTOMER_SUCCESS_CLOCK');

/** Customer and manager handlers: the store, the customer-success clock and its settings. */
export const CustomerSuccessHandler = serviceHandler<CustomerSuccessConfig>({
  clock: CUSTOMER_SUCCESS_CLOCK,
  config: CUSTOMER_SUCCESS_CONFIG,
});

/** Customer-success subscriptions and processors: its clock and settings. */
export const CustomerSuccessReaction = serviceReaction<CustomerSuccessConfig>({
  clock: CUSTOMER_SUCCESS_CLOCK,
  config: CUSTOMER_SUCCESS_CONFIG,
});
