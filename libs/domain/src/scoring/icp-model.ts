import type { LeadSource } from '../lead/lead-source';
import type { Seniority } from '../enrichment/enrichment.events';

export const ICP_FACTORS = ['buyingAuthority', 'headcountBand', 'revenueBand', 'industryFit', 'technologyFit', 'leadSource'] as const;
export type IcpFactor = (typeof ICP_FACTORS)[number];

/** A band starts at `min` (inclusive) and runs to the next band's min; `fit` is 0..1 of the factor's weight. */
export interface IcpBand {
  readonly min: number;
  readonly fit: number;
}

/**
 * An ICP scoring model: versioned configuration, not code. Each factor's weight is the most
 * points it can give (weights sum to 100); each fit (0..1) says how much of that weight a value earns.
 */
export interface IcpModel {
  readonly modelId: string;
  readonly version: number;
  readonly weights: Readonly<Record<IcpFactor, number>>;
  readonly bands: { readonly headcount: readonly IcpBand[]; readonly annualRevenue: readonly IcpBand[] };
  readonly fits: {
    readonly seniority: Readonly<Record<Seniority, number>>;
    /** Lower-case industry name → fit; unlisted industries fit 0. */
    readonly industries: Readonly<Record<string, number>>;
    /** Lower-case technology → fit; the best-fitting technology the company uses counts. */
    readonly technologies: Readonly<Record<string, number>>;
    readonly leadSources: Readonly<Record<LeadSource, number>>;
  };
  /** Minimum score (inclusive) for each grade; below C is F. */
  readonly thresholds: { readonly A: number; readonly B: number; readonly C: number };
}
