import type { LeadCapture } from './lead-intake.events';

/** The fields downstream stations need (enrichment, scoring, routing); a lead missing any is flagged, and still flows. */
export const EXPECTED_FIELDS = [
  'contact.firstName',
  'contact.lastName',
  'contact.email',
  'contact.phone',
  'contact.title',
  'company.name',
  'company.domain',
  'company.country',
] as const;

export function missingFields(capture: LeadCapture): string[] {
  return EXPECTED_FIELDS.filter((path) => {
    const [group, field] = path.split('.') as ['contact' | 'company', string];
    const value = (capture[group] as unknown as Record<string, unknown>)[field];
    return value === null || value === undefined || value === '';
  });
}
