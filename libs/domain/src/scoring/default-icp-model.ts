import type { IcpModel } from './icp-model';

/**
 * The shipped ICP model. Change it by shipping a new version (never edit a released version's
 * numbers: scores record the model id and version they were computed with), or point
 * SCORING_MODEL_FILE at a JSON file of the same shape.
 */
export const DEFAULT_ICP_MODEL: IcpModel = {
  modelId: 'leadline-icp',
  version: 1,
  weights: { buyingAuthority: 25, headcountBand: 15, revenueBand: 15, industryFit: 15, technologyFit: 10, leadSource: 20 },
  bands: {
    headcount: [
      { min: 0, fit: 0.1 },
      { min: 10, fit: 0.3 },
      { min: 50, fit: 0.6 },
      { min: 200, fit: 0.9 },
      { min: 1000, fit: 1 },
    ],
    annualRevenue: [
      { min: 0, fit: 0.1 },
      { min: 1_000_000, fit: 0.3 },
      { min: 10_000_000, fit: 0.6 },
      { min: 50_000_000, fit: 0.9 },
      { min: 100_000_000, fit: 1 },
    ],
  },
  fits: {
    seniority: { 'c-level': 1, vp: 0.9, director: 0.75, manager: 0.45, 'individual-contributor': 0.15, unknown: 0 },
    industries: {
      software: 1,
      saas: 1,
      technology: 0.9,
      'financial services': 0.8,
      fintech: 0.8,
      telecommunications: 0.7,
      'professional services': 0.6,
      manufacturing: 0.5,
      healthcare: 0.5,
      retail: 0.4,
      education: 0.2,
    },
    technologies: { salesforce: 1, hubspot: 0.9, 'microsoft dynamics': 0.8, aws: 0.6, gcp: 0.6, azure: 0.6, snowflake: 0.5, slack: 0.3 },
    leadSources: {
      'demo-request': 1,
      'free-trial': 0.9,
      'inbound-phone': 0.85,
      'inbound-web': 0.8,
      'content-download': 0.6,
      referral: 0.5,
      event: 0.4,
      'sdr-research': 0.25,
      'purchased-list': 0.1,
    },
  },
  thresholds: { A: 75, B: 55, C: 35 },
};
