import type { ServiceInfoDto } from '@leadline/platform';

export const METRICS_SERVICE: ServiceInfoDto = {
  name: 'metrics',
  ownedCategories: [],
};
