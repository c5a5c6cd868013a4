import type { ServiceInfoDto } from '@leadline/platform';

export const ENRICHMENT_SERVICE: ServiceInfoDto = {
  name: 'enrichment',
  ownedCategories: ['enrichment'],
};
