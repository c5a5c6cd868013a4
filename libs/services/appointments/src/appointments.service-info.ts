import type { ServiceInfoDto } from '@leadline/platform';

export const APPOINTMENTS_SERVICE: ServiceInfoDto = {
  name: 'appointments',
  ownedCategories: ['ae', 'appointment', 'opportunity', 'nurture', 'vendor'],
};
