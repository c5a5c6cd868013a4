import type { FeatureSnapshot, IcpModel, Seniority } from '@leadline/domain';

/** Test data shared by the policy-lab specs. */

/**
 * A version-1 ICP model with one flat band each (fit 0.5 at any size), the usual seniority and
 * lead-source fits, no technology fits and thresholds 70 / 50 / 30: what it weighs is the spec's.
 */
export const flatIcpModel = (modelId: string, weights: IcpModel['weights'], industries: Record<string, number> = {}): IcpModel => ({
  modelId,
  version: 1,
  weights,
  bands: { headcount: [{ min: 0, fit: 0.5 }], annualRevenue: [{ min: 0, fit: 0.5 }] },
  fits: {
    seniority: { 'c-level': 1, vp: 0.8, director: 0.6, manager: 0.4, 'individual-contributor': 0.2, unknown: 0 },
    industries,
    technologies: {},
    leadSources: {
      'inbound-web': 0.8,
      'inbound-phone': 0.8,
      'demo-request': 1,
      'free-trial': 0.9,
      'content-download': 0.6,
      'purchased-list': 0.1,
      'sdr-research': 0.3,
      referral: 0.5,
      event: 0.4,
    },
  },
  thresholds: { A: 70, B: 50, C: 30 },
});

export interface SnapshotLead {
  readonly seniority: Seniority;
  readonly buyingAuthority: boolean;
  readonly headcount: number;
  readonly annualRevenue: number;
  /** The score the active model ('active' v1) recorded, grade B. */
  readonly score: number;
}

/** An inbound-web SMB lead with no technologies, scored on 2026-01-01 by the active model: what varies is its industry. */
export const snapshotOf = (leadId: string, industry: string, lead: SnapshotLead): FeatureSnapshot => ({
  leadId,
  input: {
    leadId,
    source: 'inbound-web',
    seniority: lead.seniority,
    buyingAuthority: lead.buyingAuthority,
    freeMail: false,
    segment: 'smb',
    firmographics: { headcount: lead.headcount, annualRevenue: lead.annualRevenue, industry, technologies: [] },
    scoredAt: '2026-01-01T00:00:00.000Z',
  },
  recorded: { modelId: 'active', modelVersion: 1, score: lead.score, grade: 'B' },
});
