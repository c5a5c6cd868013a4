import { LEAD_SOURCES, seededRandom, type LeadSource } from '@leadline/domain';

/**
 * A synthetic organisation whose outcomes depend on known features, so the lab's findings can be
 * checked against the truth: fintech companies, C-level and VP buyers, and demo requests qualify
 * more often; nothing else matters. Seeded: the same seed gives the same companies and leads.
 */
export interface SyntheticCompany {
  readonly domain: string;
  readonly name: string;
  readonly headcount: number;
  readonly annualRevenue: number;
  readonly industry: string;
  readonly technologies: readonly string[];
}

export interface SyntheticLead {
  readonly n: number;
  readonly source: LeadSource;
  readonly title: string;
  readonly company: SyntheticCompany;
  /** Drawn from the truth when the lead is generated: whether its SDR will qualify it, and whether it will be won. */
  readonly qualifies: boolean;
  readonly wins: boolean;
}

export const SYNTHETIC_INDUSTRIES = ['Fintech', 'Software', 'Retail', 'Health', 'Logistics'];
const TECHNOLOGIES = ['AWS', 'Salesforce', 'HubSpot', 'GCP'];
/** Titles the enrichment reads as c-level, vp, director, manager, individual contributor. */
const TITLES = ['Chief Executive Officer', 'VP Sales', 'Director of IT', 'Marketing Manager', 'Software Engineer'];
const SENIOR = new Set(['Chief Executive Officer', 'VP Sales']);
/** Mostly inbound, as a real funnel is. */
const SOURCES: readonly LeadSource[] = [...LEAD_SOURCES, 'demo-request', 'inbound-web', 'content-download'];

/** The truth: log-odds that a lead qualifies. */
export function qualifyLogOdds(lead: Pick<SyntheticLead, 'source' | 'title' | 'company'>): number {
  return (
    -2.2 +
    2 * (lead.company.industry === 'Fintech' ? 1 : 0) +
    1.5 * (SENIOR.has(lead.title) ? 1 : 0) +
    1.2 * (lead.source === 'demo-request' ? 1 : 0)
  );
}

export function syntheticCompanies(count: number, seed: number): SyntheticCompany[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_v, i) => {
    const headcount = Math.floor(10 ** (1 + random() * 3.5));
    return {
      domain: `company${i}.example`,
      name: `Company ${i}`,
      headcount,
      annualRevenue: headcount * 150_000,
      industry: SYNTHETIC_INDUSTRIES[Math.floor(random() * SYNTHETIC_INDUSTRIES.length)],
      technologies: TECHNOLOGIES.filter(() => random() < 0.35),
    };
  });
}

export function syntheticLeads(count: number, companies: readonly SyntheticCompany[], seed: number): SyntheticLead[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_v, n) => {
    const lead = { n, source: pick(SOURCES), title: pick(TITLES), company: pick(companies) };
    const qualifies = random() < 1 / (1 + Math.exp(-qualifyLogOdds(lead)));
    return { ...lead, qualifies, wins: qualifies && random() < 0.4 };
  });
}

/** The features the truth uses, as a correct candidate model would weight them (ICP format fits). */
export const TRUE_DRIVERS = { industry: 'fintech', seniorities: ['c-level', 'vp'], source: 'demo-request' } as const;
