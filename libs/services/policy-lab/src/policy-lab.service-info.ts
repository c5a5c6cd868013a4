import type { ServiceInfoDto } from '@leadline/platform';

export const POLICY_LAB_SERVICE: ServiceInfoDto = {
  name: 'policy-lab',
  // Its candidates' lifecycle is relayed (scoring adopts a promoted model); shadow decisions (`shadow-<leadId>`) stay in the store.
  ownedCategories: ['shadowcandidate'],
};
