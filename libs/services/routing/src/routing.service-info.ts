import type { ServiceInfoDto } from '@leadline/platform';

export const ROUTING_SERVICE: ServiceInfoDto = {
  name: 'routing',
  ownedCategories: ['sdr', 'assignment', 'routingpolicy'],
};
