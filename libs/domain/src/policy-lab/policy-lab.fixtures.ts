import type { Seniority } from '../enrichment/enrichment.events';
import { LEAD_SOURCES, type LeadSource } from '../lead/lead-source';
import { DEFAULT_ICP_MODEL } from '../scoring/default-icp-model';
import type { IcpModel } from '../scoring/icp-model';
import { scoreLead, type ScoringInput } from '../scoring/score-lead';
import { seededRandom } from '../shared/seeded-random';
import type { FeatureSnapshot } from './feature-snapshot';
import type { LeadOutcome } from './lead-outcomes';

/** Test data shared by the policy-lab specs. */

const sources = (inbound: number, outbound: number): Record<LeadSource, number> =>
  Object.fromEntries(
    LEAD_SOURCES.map((s) => [s, ['purchased-list', 'sdr-research', 'referral', 'event'].includes(s) ? outbound : inbound]),
  ) as Record<LeadSource, number>;

/** The shipped model: over half its weight on size, revenue, industry list and technology, so it only partly ranks what converts here. */
export const ACTIVE_MODEL: IcpModel = { ...DEFAULT_ICP_MODEL, modelId: 'icp-active', version: 1 };

/** The synthetic truth: fintech, senior buyers and demo requests convert. */
export const RIGHT_MODEL: IcpModel = {
  ...ACTIVE_MODEL,
  modelId: 'icp-right',
  version: 2,
  weights: { buyingAuthority: 30, headcountBand: 0, revenueBand: 0, industryFit: 40, technologyFit: 0, leadSource: 30 },
  fits: {
    ...ACTIVE_MODEL.fits,
    seniority: { 'c-level': 1, vp: 1, director: 0.2, manager: 0.1, 'individual-contributor': 0, unknown: 0 },
    industries: { fintech: 1 },
    leadSources: { ...sources(0.3, 0.1), 'demo-request': 1 },
  },
};

/** The synthetic truth turned upside down: ranks the leads that convert lowest. */
export const WRONG_MODEL: IcpModel = {
  ...RIGHT_MODEL,
  modelId: 'icp-wrong',
  version: 3,
  fits: {
    ...RIGHT_MODEL.fits,
    seniority: { 'c-level': 0, vp: 0, director: 0.8, manager: 0.9, 'individual-contributor': 1, unknown: 1 },
    industries: { retail: 1, software: 1, health: 1 },
    leadSources: { ...sources(0.9, 0.5), 'demo-request': 0.6 },
  },
};

const INDUSTRIES = ['fintech', 'software', 'retail', 'health', 'logistics'];
const SENIORITY: Seniority[] = ['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'];
const TECH = ['aws', 'salesforce', 'gcp', 'hubspot'];

/** Log-odds of qualifying in the synthetic history. */
export function trueLogOdds(input: ScoringInput): number {
  return (
    -2.5 +
    2 * (input.firmographics.industry === 'fintech' ? 1 : 0) +
    1.5 * (input.seniority === 'c-level' || input.seniority === 'vp' ? 1 : 0) +
    1.2 * (input.source === 'demo-request' ? 1 : 0)
  );
}

/** `n` leads whose outcomes depend only on industry, seniority and source (wins: half the qualified, more for big companies). */
export function syntheticLeads(n: number, seed: number): { snapshots: FeatureSnapshot[]; outcomes: Map<string, LeadOutcome> } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const snapshots: FeatureSnapshot[] = [];
  const outcomes = new Map<string, LeadOutcome>();
  for (let i = 0; i < n; i++) {
    const headcount = Math.floor(10 ** (1 + random() * 3.5));
    const input: ScoringInput = {
      leadId: `lead-${String(i).padStart(5, '0')}`,
      source: pick(LEAD_SOURCES),
      seniority: pick(SENIORITY),
      buyingAuthority: random() < 0.3,
      freeMail: random() < 0.1,
      segment: headcount > 1000 ? 'enterprise' : headcount > 100 ? 'mid-market' : 'smb',
      firmographics: {
        headcount,
        annualRevenue: headcount * 150_000,
        industry: pick(INDUSTRIES),
        technologies: TECH.filter(() => random() < 0.35),
      },
      scoredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    };
    const qualified = random() < 1 / (1 + Math.exp(-trueLogOdds(input)));
    const won = qualified && random() < 0.4;
    outcomes.set(input.leadId, {
      qualified,
      opportunity: won || (qualified && random() < 0.3),
      won,
      amount: won ? 10_000 + headcount * 10 : 0,
    });
    const { modelId, modelVersion, score, grade } = scoreLead(input, ACTIVE_MODEL).data;
    snapshots.push({ leadId: input.leadId, input, recorded: { modelId, modelVersion, score, grade } });
  }
  return { snapshots, outcomes };
}
