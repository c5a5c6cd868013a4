import type { ServiceInfoDto } from '@leadline/platform';

export const LEAD_INTAKE_SERVICE: ServiceInfoDto = {
  name: 'lead-intake',
  ownedCategories: ['lead'],
};
