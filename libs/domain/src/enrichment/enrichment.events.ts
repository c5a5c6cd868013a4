import type { LeadSource } from '../lead/lead-source';

/** Enrichment's event, on `enrichment-<leadId>`; its metadata carries the lead id. */

export type Seniority = 'c-level' | 'vp' | 'director' | 'manager' | 'individual-contributor' | 'unknown';
export type Segment = 'smb' | 'mid-market' | 'enterprise' | 'unknown';

export type LeadEnriched = {
  type: 'LeadEnriched';
  data: {
    leadId: string;
    /**
     * The capture's source (LeadCaptured's `source`), carried so scoring needs no read of the lead's stream. Absent
     * on events written before it was added: readers fall back to the capture.
     */
    source?: LeadSource;
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
