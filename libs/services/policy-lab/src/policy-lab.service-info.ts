import type { ServiceInfoDto } from '@leadline/platform';

export const POLICY_LAB_SERVICE: ServiceInfoDto = {
  name: 'policy-lab',
  ownedCategories: [],
};
