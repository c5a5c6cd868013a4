import type { LeadEnriched } from '../enrichment/enrichment.events';

/**
 * What enrichment would have written for a lead, for specs and fixtures that start downstream of
 * it: a complete enrichment of a c-level buyer at a 400-person software company in Berlin; `data`
 * overrides any field.
 */
export function leadEnriched(leadId: string, enrichedAt: string, data: Partial<LeadEnriched['data']> = {}): LeadEnriched {
  return {
    type: 'LeadEnriched',
    data: {
      leadId,
      complete: true,
      failures: [],
      firmographics: { headcount: 400, annualRevenue: 50_000_000, industry: 'software', technologies: [] },
      seniority: 'c-level',
      buyingAuthority: true,
      timeZone: 'Europe/Berlin',
      freeMail: false,
      segment: 'mid-market',
      territory: null,
      enrichedAt,
      ...data,
    },
  };
}
