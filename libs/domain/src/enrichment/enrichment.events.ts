/** Enrichment's event, on `enrichment-<leadId>`; its metadata carries the lead id. */

export type Seniority = 'c-level' | 'vp' | 'director' | 'manager' | 'individual-contributor' | 'unknown';
export type Segment = 'smb' | 'mid-market' | 'enterprise' | 'unknown';

export type LeadEnriched = {
  type: 'LeadEnriched';
  data: {
    leadId: string;
    /** False when a provider failed or knew nothing: the lead flows on, marked partially enriched. */
    complete: boolean;
    failures: readonly { provider: string; error: string }[];
    firmographics: { headcount: number | null; annualRevenue: number | null; industry: string | null; technologies: readonly string[] };
    seniority: Seniority;
    buyingAuthority: boolean;
    timeZone: string | null;
    freeMail: boolean;
    segment: Segment;
    territory: string | null;
    enrichedAt: string;
  };
};
