import type { ServiceInfoDto } from '@leadline/platform';

export const SCORING_SERVICE: ServiceInfoDto = {
  name: 'scoring',
  ownedCategories: ['score', 'scoringmodel'],
};
