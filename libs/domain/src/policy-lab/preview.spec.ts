import { ACTIVE_ROUTING_POLICY, INBOUND_POLICY } from '../routing/routing-policy';
import type { ScoringInput } from '../scoring/score-lead';
import { ACTIVE_MODEL, RIGHT_MODEL } from './policy-lab.fixtures';
import { previewLead } from './preview';
import { routingHistory } from './routing-history';
import { HistoryBuilder } from './routing.fixtures';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const history = routingHistory(
  new HistoryBuilder()
    .sdr('ann', at('06:00'))
    .sdr('ben', at('06:00'))
    .lead('L1', at('08:00'), 'smb')
    .assigned('L1', 'ann', at('08:00'))
    .lead('L2', at('11:00'), 'smb')
    .assigned('L2', 'ben', at('11:00')).records,
);
const lead: ScoringInput & { territory: string | null } = {
  leadId: 'what-if',
  source: 'demo-request',
  seniority: 'c-level',
  buyingAuthority: true,
  freeMail: false,
  segment: 'smb',
  territory: 'dach',
  firmographics: { headcount: 2000, annualRevenue: 3e8, industry: 'fintech', technologies: ['aws'] },
  scoredAt: at('00:00'),
};

describe('previewLead', () => {
  it('scores a hypothetical lead and routes it against the roster and loads of the chosen moment, explained as an assignment is', () => {
    const preview = previewLead(lead, { at: at('09:00'), model: ACTIVE_MODEL, history });
    expect(preview.score).toMatchObject({ modelId: 'icp-active', grade: 'A' });
    // At 09:00 ann holds L1 and ben nothing: ben has the fewest open leads.
    expect(preview.routing).toMatchObject({ outcome: 'assigned', decision: { chosenSdrId: 'ben', tieBreak: 'load' } });
    expect(preview.routing.outcome === 'assigned' && preview.routing.explanation).toMatch(
      /^ben got the lead under inbound-on-shift-fewest-open v1: the fewest open leads among 2 eligible/,
    );
  });

  it('a later moment sees the later load; a candidate model grades by its own weights', () => {
    const later = previewLead(lead, { at: at('12:00'), model: RIGHT_MODEL, history });
    expect(later.score).toMatchObject({ modelId: 'icp-right', modelVersion: 2 });
    expect(later.routing).toMatchObject({
      outcome: 'assigned',
      decision: { tieBreak: 'longest-since-last-assignment', chosenSdrId: 'ann' },
    });
  });

  it('at night nobody on shift can take it; a candidate policy without the shift rule could', () => {
    expect(previewLead(lead, { at: at('21:00'), model: ACTIVE_MODEL, history }).routing).toMatchObject({
      outcome: 'waiting',
      team: 'inbound',
    });
    const anyTime = {
      ...ACTIVE_ROUTING_POLICY,
      policyId: 'any-time',
      inbound: { ...INBOUND_POLICY, id: 'inbound-any-time', shift: 'ignored' as const },
    };
    const preview = previewLead(lead, { at: at('21:00'), model: ACTIVE_MODEL, history, policy: anyTime });
    expect(preview.routing.outcome === 'assigned' && preview.routing.explanation).toMatch(
      /^ann got the lead under inbound-any-time v1: tied on load and waited longest since the last assignment/,
    );
  });

  it('an F lead is not routed', () => {
    const weak = {
      ...lead,
      source: 'purchased-list' as const,
      seniority: 'unknown' as const,
      firmographics: { headcount: null, annualRevenue: null, industry: null, technologies: [] },
    };
    expect(previewLead(weak, { at: at('09:00'), model: ACTIVE_MODEL, history }).routing).toEqual({
      outcome: 'not-routed',
      reason: 'grade F goes to the recycle pool',
    });
  });
});
