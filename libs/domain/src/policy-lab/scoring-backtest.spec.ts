import { scoreLead } from '../scoring/score-lead';
import type { LeadScored } from '../scoring/scoring.events';
import { featureSnapshots, scoringInputFrom } from './feature-snapshot';
import { leadOutcomes } from './lead-outcomes';
import { ACTIVE_MODEL, RIGHT_MODEL, WRONG_MODEL, syntheticLeads } from './policy-lab.fixtures';
import { backtestScoring } from './scoring-backtest';

describe('feature snapshots', () => {
  const { snapshots } = syntheticLeads(5, 1);

  it('a recorded LeadScored reads back as the scoring input it was computed from (re-scoring gives the recorded score)', () => {
    for (const s of snapshots) {
      const recorded: LeadScored = scoreLead(s.input, ACTIVE_MODEL);
      const input = scoringInputFrom(recorded.data);
      expect(input).not.toBeNull();
      expect(scoreLead(input ?? s.input, ACTIVE_MODEL).data).toEqual(recorded.data);
    }
  });

  it('the latest score of a lead counts; a snapshot missing a feature is counted as unreadable', () => {
    const first = scoreLead(snapshots[0].input, ACTIVE_MODEL);
    const rescored = scoreLead({ ...snapshots[0].input, seniority: 'vp' }, ACTIVE_MODEL);
    const broken: LeadScored = { ...first, data: { ...first.data, leadId: 'broken', features: { seniority: 'vp' } } };
    const { snapshots: read, unreadable } = featureSnapshots([
      { id: '1', event: first },
      { id: '2', event: rescored },
      { id: '3', event: broken },
    ]);
    expect(read.map((r) => r.input.seniority)).toEqual(['vp']);
    expect(unreadable).toBe(1);
  });
});

describe('lead outcomes', () => {
  it('qualified, opportunity, won and the won amount come from the lead events', () => {
    const outcomes = leadOutcomes([
      { id: 'q', event: { type: 'LeadQualified', data: { leadId: 'l1', sdrId: 's', reason: 'fit', at: '2026-01-02T00:00:00Z' } } },
      {
        id: 'w',
        event: {
          type: 'OpportunityWon',
          data: {
            opportunityId: 'o',
            leadId: 'l1',
            aeId: 'a',
            amount: 50_000,
            margin: 0.5,
            contractTermMonths: 12,
            renewalDate: '2027-01-01',
            segment: null,
            at: '2026-02-01T00:00:00Z',
          },
        },
      },
      { id: 'd', event: { type: 'LeadDisqualified', data: { leadId: 'l2', sdrId: 's', reason: 'no budget', at: '2026-01-02T00:00:00Z' } } },
    ]);
    expect(outcomes.get('l1')).toEqual({ qualified: true, opportunity: true, won: true, amount: 50_000 });
    expect(outcomes.get('l2')).toBeUndefined();
  });
});

describe('backtestScoring', () => {
  const { snapshots, outcomes } = syntheticLeads(3000, 42);
  const report = backtestScoring(snapshots, outcomes, ACTIVE_MODEL, [RIGHT_MODEL, WRONG_MODEL]);
  const [active, right, wrong] = report.models;

  it('given outcomes driven by industry, seniority and source, a candidate weighting them ranks qualified leads and wins better and says so', () => {
    expect(right.qualification.auc).toBeGreaterThan((active.qualification.auc ?? 1) + 0.1);
    expect(right.wins.auc).toBeGreaterThan(active.wins.auc ?? 1);
    expect(right.qualification.liftTopDecile).toBeGreaterThan(active.qualification.liftTopDecile ?? Infinity);
    expect(report.comparisons[0].verdict[0]).toMatch(
      /^icp-right v2 ranks qualified leads better than the active model: AUC 0\.\d{3} vs 0\.\d{3}/,
    );
  });

  it('a model that ranks the leads that closed lower is flagged before it ships', () => {
    expect(wrong.wins.auc).toBeLessThan(active.wins.auc ?? 0);
    expect(report.comparisons[1].verdict.join(' ')).toMatch(/WARNING: icp-wrong v3 ranks won deals lower than the active model/);
  });

  it('reports the grade mix and conversion by grade; under the right model A converts best', () => {
    expect(right.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'F']);
    expect(right.grades.reduce((sum, g) => sum + g.leads, 0)).toBe(3000);
    expect(right.grades.reduce((sum, g) => sum + g.share, 0)).toBeCloseTo(1);
    expect(right.grades[0].qualifiedRate).toBeGreaterThan(right.grades[3].qualifiedRate ?? 1);
  });

  it('lists the leads whose grade would change with what became of them, and tallies them up and down', () => {
    const { changes, movedUp, movedDown } = report.comparisons[0];
    expect(changes.length).toBe(movedUp.leads + movedDown.leads);
    for (const change of changes.slice(0, 20)) {
      const lead = snapshots.find((s) => s.leadId === change.leadId);
      expect(lead).toBeDefined();
      expect(scoreLead(lead?.input ?? snapshots[0].input, RIGHT_MODEL).data.grade).toBe(change.to);
      expect(scoreLead(lead?.input ?? snapshots[0].input, ACTIVE_MODEL).data.grade).toBe(change.from);
      expect(change.outcome).toEqual(outcomes.get(change.leadId));
    }
    // Moving the right leads up: those moved up qualify more often than those moved down.
    expect(movedUp.qualified / movedUp.leads).toBeGreaterThan(movedDown.qualified / movedDown.leads);
  });

  it('the calibration table of the right model rises with the score', () => {
    const rates = right.calibration.filter((row) => row.leads >= 50).map((row) => row.qualifiedRate ?? 0);
    expect(rates.length).toBeGreaterThan(2);
    expect(rates[rates.length - 1]).toBeGreaterThan(rates[0]);
  });

  it('is deterministic', () => {
    expect(backtestScoring([...snapshots].reverse(), outcomes, ACTIVE_MODEL, [RIGHT_MODEL])).toEqual(
      backtestScoring(snapshots, outcomes, ACTIVE_MODEL, [RIGHT_MODEL]),
    );
  });
});
