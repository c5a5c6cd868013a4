import { icpModelProblems } from '../../scoring/icp-model.validation';
import { PolicyLabError } from '../policy-lab.errors';
import { ACTIVE_MODEL, syntheticLeads } from '../policy-lab.fixtures';
import { backtestScoring } from '../scoring-backtest';
import { weightsSummingTo100 } from './learned-icp-model';
import type { LogisticFit, ModelFitter } from './model-fitter.port';
import { trainScoringModel } from './train-scoring-model';

/** A plain batch gradient-descent logistic regression: a stand-in for the library the service plugs into the port. */
const gradientDescent: ModelFitter = {
  name: 'test-gradient-descent',
  fit(rows, labels): LogisticFit {
    const d = rows[0].length;
    const w = new Array<number>(d + 1).fill(0);
    for (let step = 0; step < 400; step++) {
      const grad = new Array<number>(d + 1).fill(0);
      rows.forEach((row, i) => {
        const z = w[0] + row.reduce((sum, x, j) => sum + x * w[j + 1], 0);
        const err = (labels[i] ? 1 : 0) - 1 / (1 + Math.exp(-z));
        grad[0] += err;
        row.forEach((x, j) => (grad[j + 1] += err * x));
      });
      for (let j = 0; j <= d; j++) w[j] += (2 * grad[j]) / rows.length;
    }
    return { intercept: w[0], coefficients: w.slice(1) };
  },
};

const options = { target: 'qualified' as const, modelId: 'icp-learned', version: 7, active: ACTIVE_MODEL, seed: 11 };

describe('trainScoringModel', () => {
  const { snapshots, outcomes } = syntheticLeads(2000, 5);
  const report = trainScoringModel(snapshots, outcomes, gradientDescent, options);

  it('outputs a valid ICP model version in the existing format', () => {
    expect(icpModelProblems(report.model)).toEqual([]);
    expect(report.model).toMatchObject({ modelId: 'icp-learned', version: 7 });
  });

  it('recovers the features that drive the outcomes: fintech, senior buyers and demo requests lead the drivers', () => {
    const top = report.drivers.slice(0, 4).map((d) => `${d.factor}:${d.level}`);
    expect(top).toEqual(expect.arrayContaining(['industryFit:fintech', 'leadSource:demo-request']));
    expect(top.some((t) => t === 'buyingAuthority:c-level' || t === 'buyingAuthority:vp')).toBe(true);
    expect(report.model.fits.industries['fintech']).toBe(1);
    expect(report.model.weights.industryFit).toBeGreaterThan(report.model.weights.headcountBand);
  });

  it('beats the active model on the held-out leads, and the back-test agrees', () => {
    expect(report.holdOutLeads).toBe(600);
    expect(report.holdOut.learnedAuc).toBeGreaterThan((report.holdOut.activeAuc ?? 1) + 0.1);
    const backtest = backtestScoring(snapshots, outcomes, ACTIVE_MODEL, [report.model]);
    expect(backtest.comparisons[0].aucDelta.qualification).toBeGreaterThan(0.1);
  });

  it('keeps the active model’s share of A leads, so SDR workload per grade stays put', () => {
    const shares = backtestScoring(snapshots, outcomes, ACTIVE_MODEL, [report.model]).models.map((m) => m.grades[0].share);
    expect(Math.abs(shares[1] - shares[0])).toBeLessThan(0.05);
  });

  it('is deterministic for the same history and seed', () => {
    expect(trainScoringModel(snapshots, outcomes, gradientDescent, options)).toEqual(report);
  });

  it('refuses to train on too little history, saying what it has and what it needs', () => {
    const few = syntheticLeads(150, 9);
    expect(() => trainScoringModel(few.snapshots, few.outcomes, gradientDescent, options)).toThrow(PolicyLabError);
    expect(() => trainScoringModel(few.snapshots, few.outcomes, gradientDescent, options)).toThrow(
      /cannot learn a scoring model for "qualified" from 150 settled leads \(\d+ qualified, \d+ not\): it needs at least 200 leads and 30 of each outcome/,
    );
  });

  it('counts only leads settled before the cut-off', () => {
    expect(() =>
      trainScoringModel(snapshots, outcomes, gradientDescent, { ...options, settledBefore: '2026-01-01T01:00:00.000Z' }),
    ).toThrow(/from 60 settled leads/);
  });
});

describe('weightsSummingTo100', () => {
  it('rounds by largest remainder to exactly 100', () => {
    const w = weightsSummingTo100({
      buyingAuthority: 1,
      headcountBand: 1,
      revenueBand: 1,
      industryFit: 0,
      technologyFit: 0,
      leadSource: 0,
    });
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBe(100);
    expect(w).toEqual({ buyingAuthority: 34, headcountBand: 33, revenueBand: 33, industryFit: 0, technologyFit: 0, leadSource: 0 });
  });
});
