import type { Grade } from './scoring.events';
import { DEFAULT_ICP_MODEL } from './default-icp-model';
import type { IcpModel } from './icp-model';
import { icpModelProblems } from './icp-model.validation';
import { gradeOf, recycleReason, scoreLead, type ScoringInput } from './score-lead';

/** The shipped model under a test id and version, with round thresholds. */
const model: IcpModel = { ...DEFAULT_ICP_MODEL, modelId: 'icp-test', version: 3, thresholds: { A: 80, B: 60, C: 40 } };

const ideal: ScoringInput = {
  leadId: 'l-1',
  source: 'demo-request',
  seniority: 'c-level',
  buyingAuthority: true,
  freeMail: false,
  segment: 'enterprise',
  firmographics: { headcount: 1200, annualRevenue: 2e8, industry: 'software', technologies: ['salesforce', 'aws'] },
  scoredAt: '2026-01-01T00:00:00.000Z',
};
const nobody: ScoringInput = {
  ...ideal,
  source: 'purchased-list',
  seniority: 'unknown',
  buyingAuthority: false,
  freeMail: true,
  segment: 'unknown',
  firmographics: { headcount: null, annualRevenue: null, industry: null, technologies: [] },
};

describe('scoreLead', () => {
  it.each<[string, ScoringInput, number, Grade]>([
    ['an ideal inbound lead scores 100 and grades A', ideal, 100, 'A'],
    [
      'a mid-size retail manager via the website grades C',
      {
        ...ideal,
        source: 'inbound-web',
        seniority: 'manager',
        buyingAuthority: false,
        firmographics: { headcount: 80, annualRevenue: 6e6, industry: 'retail', technologies: ['salesforce'] },
      },
      57,
      'C',
    ],
    [
      'a VP at a small software shop from an event grades B',
      {
        ...ideal,
        source: 'event',
        seniority: 'vp',
        firmographics: { headcount: 60, annualRevenue: 6e6, industry: 'software', technologies: ['aws'] },
      },
      65,
      'B',
    ],
    ['an unknown purchased-list contact grades F', nobody, 2, 'F'],
  ])('%s', (_rule, input, score, grade) => {
    const { data } = scoreLead(input, model);
    expect({ score: data.score, grade: data.grade }).toEqual({ score, grade });
  });

  it('inbound outweighs outbound when everything else is equal', () => {
    const inbound = scoreLead({ ...nobody, source: 'content-download' }, model).data.score;
    const outbound = scoreLead({ ...nobody, source: 'referral' }, model).data.score;
    expect(inbound).toBeGreaterThan(outbound);
  });

  it('gives the top three reasons, largest contribution first, in plain words', () => {
    const { data } = scoreLead({ ...ideal, source: 'event', seniority: 'manager' }, model);
    expect(data.reasons).toEqual([
      'company of 1,200 employees (+15)',
      'annual revenue $200M (+15)',
      'software industry fits the product (+15)',
    ]);
  });

  it('records the model id, version and every feature value used', () => {
    const { data } = scoreLead(ideal, model);
    expect(data).toMatchObject({ modelId: 'icp-test', modelVersion: 3 });
    expect(data.features).toEqual({
      seniority: 'c-level',
      buyingAuthority: true,
      headcount: 1200,
      annualRevenue: 2e8,
      industry: 'software',
      technologies: 'aws,salesforce',
      leadSource: 'demo-request',
      inbound: true,
      segment: 'enterprise',
      freeMail: false,
    });
  });

  it('is deterministic', () => expect(scoreLead(ideal, model)).toEqual(scoreLead(ideal, model)));

  it('says so when nothing matched', () => {
    const { data } = scoreLead(nobody, {
      ...model,
      fits: { ...model.fits, leadSources: { ...model.fits.leadSources, 'purchased-list': 0 } },
    });
    expect(data.reasons).toEqual(['no ideal-customer-profile signal matched']);
  });

  it('explains an F with its score, the threshold and the weakest factors', () => {
    const scored = scoreLead(nobody, model).data;
    expect(recycleReason(scored, nobody, model)).toBe(
      'grade F: score 2 is below the C threshold 40 (icp-test v3); weakest: title does not show seniority; outbound lead (purchased-list)',
    );
  });
});

describe('gradeOf (thresholds are inclusive minimums)', () => {
  it.each<[number, Grade]>([
    [100, 'A'],
    [80, 'A'],
    [79, 'B'],
    [60, 'B'],
    [59, 'C'],
    [40, 'C'],
    [39, 'F'],
    [0, 'F'],
  ])('%d → %s', (score, grade) => {
    expect(gradeOf(score, model.thresholds)).toBe(grade);
  });
});

describe('icpModelProblems', () => {
  it('accepts a valid model', () => expect(icpModelProblems(model)).toEqual([]));
  it.each<[string, unknown, RegExp]>([
    ['not an object', 42, /JSON object/],
    ['weights not summing to 100', { ...model, weights: { ...model.weights, leadSource: 30 } }, /sum to 100 \(they sum to 110\)/],
    ['a missing weight', { ...model, weights: { ...model.weights, industryFit: undefined } }, /weights.industryFit/],
    ['a fit above 1', { ...model, fits: { ...model.fits, industries: { software: 2 } } }, /fits.industries.software/],
    [
      'a missing lead source',
      { ...model, fits: { ...model.fits, leadSources: { 'demo-request': 1 } } },
      /fits.leadSources.referral is missing/,
    ],
    [
      'outbound fitting as well as inbound',
      { ...model, fits: { ...model.fits, leadSources: { ...model.fits.leadSources, referral: 0.7 } } },
      /inbound source must fit better/,
    ],
    [
      'bands out of order',
      {
        ...model,
        bands: {
          ...model.bands,
          headcount: [
            { min: 10, fit: 1 },
            { min: 5, fit: 0 },
          ],
        },
      },
      /increasing order/,
    ],
    ['thresholds out of order', { ...model, thresholds: { A: 50, B: 60, C: 40 } }, /A > B > C/],
    ['version zero', { ...model, version: 0 }, /version/],
  ])('rejects %s', (_what, candidate, problem) => {
    expect(icpModelProblems(candidate).join('; ')).toMatch(problem);
  });
});
