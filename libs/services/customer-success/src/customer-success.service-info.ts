import type { ServiceInfoDto } from '@leadline/platform';

export const CUSTOMER_SUCCESS_SERVICE: ServiceInfoDto = {
  name: 'customer-success',
  ownedCategories: ['cm', 'customer'],
};
