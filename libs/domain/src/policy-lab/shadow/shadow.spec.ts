import { ACTIVE_ROUTING_POLICY, INBOUND_POLICY, type RoutingPolicy } from '../../routing/routing-policy';
import { candidate } from '../../routing/routing.fixtures';
import { decideAssignment } from '../../routing/assignment.policy';
import { scoreLead } from '../../scoring/score-lead';
import { ACTIVE_MODEL, RIGHT_MODEL, syntheticLeads } from '../policy-lab.fixtures';
import { compareShadow } from './shadow-comparison';
import { shadowRoute, shadowRoutingWhy, shadowScore } from './shadow-decision';
import type { LeadShadowRouted } from './shadow.events';

const at = '2026-03-02T09:00:00.000Z';

describe('scoring shadow', () => {
  const { snapshots, outcomes } = syntheticLeads(400, 3);
  const shadows = snapshots.flatMap((s) => {
    const event = shadowScore(scoreLead(s.input, ACTIVE_MODEL).data, 'right', RIGHT_MODEL, at);
    return event ? [event] : [];
  });

  it('re-scores every lead the line scored from its recorded features, beside the active grade', () => {
    expect(shadows).toHaveLength(400);
    const first = shadows[0].data;
    const expected = scoreLead(snapshots[0].input, RIGHT_MODEL).data;
    expect(first).toMatchObject({ candidateId: 'right', modelId: 'icp-right', score: expected.score, grade: expected.grade });
    expect(first.active.grade).toBe(snapshots[0].recorded.grade);
    expect(first.agrees).toBe(first.grade === first.active.grade);
  });

  it('the comparison counts agreement, groups the differences by grade change and follows their outcomes', () => {
    const report = compareShadow('right', shadows, outcomes);
    const agreeing = shadows.filter((e) => e.data.grade === e.data.active.grade).length;
    expect(report).toMatchObject({ kind: 'scoring', decisions: 400, agreements: agreeing, agreementRate: agreeing / 400 });
    expect(report.disagreements.reduce((sum, g) => sum + g.leads, 0)).toBe(400 - agreeing);
    const aToF = shadows.filter((e) => e.data.active.grade === 'A' && e.data.grade === 'F');
    expect(report.disagreements.find((g) => g.change === 'A → F')?.leads ?? 0).toBe(aToF.length);
    expect(report.outcomes.disagreed.qualified).toBe(
      shadows.filter((e) => !e.data.agrees && outcomes.get(e.data.leadId)?.qualified).length,
    );
  });
});

describe('routing shadow', () => {
  const roster = [
    candidate('a', { openLeads: 2 }),
    candidate('b', { openLeads: 0, assignedThisWeek: 9 }),
    candidate('c', { openLeads: 1, assignedThisWeek: 1 }),
  ];
  const request = { team: 'inbound' as const, territory: 'dach', segment: 'mid-market' as const, at, seed: 5 };
  const recorded = decideAssignment(request, roster).decision;
  const weekly: RoutingPolicy = {
    ...ACTIVE_ROUTING_POLICY,
    policyId: 'weekly',
    inbound: { ...INBOUND_POLICY, id: 'inbound-weekly', load: 'assigned-this-week' },
  };

  it('the same policy as the line agrees; a candidate ranking by this week’s assignments picks another SDR and says why', () => {
    if (!recorded) throw new Error('the line assigned nobody');
    expect(recorded.chosenSdrId).toBe('b');
    const same = shadowRoute(recorded, 'b', 'L1', roster, 'same', { ...ACTIVE_ROUTING_POLICY, policyId: 'same' }, at);
    expect(same.data).toMatchObject({ agrees: true, decision: { chosenSdrId: 'b' } });
    const other = shadowRoute(recorded, 'b', 'L1', roster, 'weekly', weekly, at);
    expect(other.data).toMatchObject({ agrees: false, decision: { chosenSdrId: 'a', policyId: 'inbound-weekly' } });
    expect(shadowRoutingWhy(other.data, weekly)).toMatch(/^a got the lead under inbound-weekly v1: the fewest assignments this week/);
  });

  it('the comparison of a constructed difference: every lead differs the same way, and the outcomes follow', () => {
    if (!recorded) throw new Error('the line assigned nobody');
    const events: LeadShadowRouted[] = ['L1', 'L2', 'L3'].map((leadId) => shadowRoute(recorded, 'b', leadId, roster, 'weekly', weekly, at));
    const outcomes = new Map([['L2', { qualified: true, opportunity: false, won: false, amount: 0 }]]);
    const report = compareShadow('weekly', events, outcomes, (e) => shadowRoutingWhy(e, weekly));
    expect(report).toMatchObject({ kind: 'routing', decisions: 3, agreements: 0, agreementRate: 0 });
    expect(report.disagreements).toEqual([{ change: 'b → a', leads: 3, qualified: 1, won: 0, amount: 0 }]);
    expect(report.examples[0].why).toMatch(/fewest assignments this week/);
  });
});
