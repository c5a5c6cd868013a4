import { seededRandom, trainScoringModel, type FeatureSnapshot, type LeadOutcome } from '@leadline/domain';
import { LogisticRegressionFitter } from './logistic-regression.fitter';
import { flatIcpModel, snapshotOf } from '../shared/icp-model.fixtures';

describe('LogisticRegressionFitter', () => {
  it('recovers the coefficients of a known logistic model (log-odds = -1 + 2·x1 − 1.5·x2 + 0·x3)', () => {
    const random = seededRandom(3);
    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 1500; i++) {
      const row = [random() < 0.5 ? 1 : 0, random() < 0.5 ? 1 : 0, random() < 0.5 ? 1 : 0];
      rows.push(row);
      labels.push(random() < 1 / (1 + Math.exp(-(-1 + 2 * row[0] - 1.5 * row[1]))));
    }
    const fit = new LogisticRegressionFitter({ steps: 800, learningRate: 3 }).fit(rows, labels);
    expect(fit.intercept).toBeCloseTo(-1, 0);
    expect(fit.coefficients[0]).toBeCloseTo(2, 0);
    expect(fit.coefficients[1]).toBeCloseTo(-1.5, 0);
    expect(Math.abs(fit.coefficients[2])).toBeLessThan(0.2);
  });

  it('is deterministic', () => {
    const rows = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const labels = [true, false, true, false];
    const fitter = new LogisticRegressionFitter({ steps: 50, learningRate: 1 });
    expect(fitter.fit(rows, labels)).toEqual(fitter.fit(rows, labels));
  });

  it('plugs into the domain’s training as its fitter and learns a valid model that names the driving feature', () => {
    const random = seededRandom(8);
    const active = flatIcpModel('active', {
      buyingAuthority: 50,
      headcountBand: 10,
      revenueBand: 10,
      industryFit: 10,
      technologyFit: 10,
      leadSource: 10,
    });
    const snapshots: FeatureSnapshot[] = [];
    const outcomes = new Map<string, LeadOutcome>();
    for (let i = 0; i < 600; i++) {
      const industry = ['fintech', 'retail', 'health'][Math.floor(random() * 3)];
      const leadId = `l${i}`;
      snapshots.push(
        snapshotOf(leadId, industry, { seniority: 'manager', buyingAuthority: false, headcount: 100, annualRevenue: 1e7, score: 50 }),
      );
      const qualified = random() < (industry === 'fintech' ? 0.6 : 0.1);
      outcomes.set(leadId, { qualified, opportunity: false, won: false, amount: 0 });
    }
    const report = trainScoringModel(snapshots, outcomes, new LogisticRegressionFitter(), {
      target: 'qualified',
      modelId: 'learned',
      version: 2,
      active,
      seed: 1,
    });
    expect(report.fitter).toBe('ml-logistic-regression');
    expect(report.drivers[0]).toMatchObject({ factor: 'industryFit', level: 'fintech' });
    expect(report.model.fits.industries).toEqual({ fintech: 1 });
  });
});
