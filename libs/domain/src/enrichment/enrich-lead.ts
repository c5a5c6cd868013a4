import type { LeadCaptured } from '../intake/lead-intake.events';
import type { LeadEnriched } from './enrichment.events';
import { isFreeMail } from './free-mail.rules';
import { segmentOf, type SegmentThresholds } from './segment.rules';
import { hasBuyingAuthority, seniorityOf } from './seniority.rules';
import { territoryOf, type TerritoryRule } from './territory.rules';

export interface Firmographics {
  readonly headcount: number | null;
  readonly annualRevenue: number | null;
  readonly industry: string | null;
  readonly technologies: readonly string[];
}

export type PartialFirmographics = Partial<Firmographics>;

export interface ProviderFailure {
  readonly provider: string;
  readonly error: string;
}

export interface EnrichmentRules {
  readonly segmentThresholds: SegmentThresholds;
  readonly territoryRules: readonly TerritoryRule[];
  readonly freeMailDomains: ReadonlySet<string>;
}

/** What the providers and resolvers found; gathered by the service, combined here. */
export interface EnrichmentFindings {
  readonly lead: LeadCaptured['data'];
  /** Provider answers in priority order: the first non-null value of each field wins. */
  readonly answers: readonly PartialFirmographics[];
  readonly failures: readonly ProviderFailure[];
  readonly country: string | null;
  readonly region: string | null;
  readonly timeZone: string | null;
  readonly enrichedAt: string;
}

export function mergeFirmographics(answers: readonly PartialFirmographics[]): Firmographics {
  const first = <K extends keyof Firmographics>(key: K): Firmographics[K] | undefined =>
    answers.map((a) => a[key]).find((v) => v !== undefined && v !== null) as Firmographics[K] | undefined;
  const technologies = [...new Set(answers.flatMap((a) => a.technologies ?? []).map((t) => t.toLowerCase()))].sort();
  return {
    headcount: first('headcount') ?? null,
    annualRevenue: first('annualRevenue') ?? null,
    industry: first('industry')?.toLowerCase() ?? null,
    technologies,
  };
}

/**
 * The LeadEnriched event. Complete only when no provider failed and the company was found
 * (headcount or revenue known): anything less flows on, marked partially enriched.
 */
export function enrichLead(findings: EnrichmentFindings, rules: EnrichmentRules): LeadEnriched {
  const firmographics = mergeFirmographics(findings.answers);
  const seniority = seniorityOf(findings.lead.contact.title);
  const segment = segmentOf(firmographics, rules.segmentThresholds);
  const found = firmographics.headcount !== null || firmographics.annualRevenue !== null;
  return {
    type: 'LeadEnriched',
    data: {
      leadId: findings.lead.leadId,
      source: findings.lead.source,
      complete: findings.failures.length === 0 && found,
      failures: findings.failures,
      firmographics,
      seniority,
      buyingAuthority: hasBuyingAuthority(seniority),
      timeZone: findings.timeZone,
      freeMail: isFreeMail(findings.lead.contact.email, rules.freeMailDomains),
      segment,
      territory: territoryOf({ country: findings.country, region: findings.region, segment }, rules.territoryRules),
      enrichedAt: findings.enrichedAt,
    },
  };
}
