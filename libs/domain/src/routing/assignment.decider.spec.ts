import type { AssignmentEvent, FirstTouchSlaBreached, LeadAssigned } from '../lead/lead.events';
import { assignmentDecider, breachResponse, DEFAULT_ESCALATION, foldAssignment, type AssignmentCommand } from './assignment.decider';

const AT = '2026-03-02T09:00:00.000Z';
const assigned: LeadAssigned = {
  type: 'LeadAssigned',
  data: {
    leadId: 'l1',
    sdrId: 'ada',
    team: 'inbound',
    source: 'inbound-web',
    decision: {} as LeadAssigned['data']['decision'],
    slaDueAt: '2026-03-02T09:05:00.000Z',
    slaTimerId: 't1',
    assignedAt: AT,
  },
};
const activity = (sdrId?: string): AssignmentCommand => ({
  type: 'LogActivity',
  data: { leadId: 'l1', activityId: 'a1', sdrId, kind: 'call', outcome: 'connected', notes: null, at: AT },
});
const breach: FirstTouchSlaBreached = { type: 'FirstTouchSlaBreached', data: { leadId: 'l1', sdrId: 'ada', slaDueAt: AT, breachedAt: AT } };

describe('assignment decider', () => {
  it('the first activity is the first touch; later ones are not', () => {
    const [first] = assignmentDecider.decide(activity(), foldAssignment([assigned]));
    expect(first).toMatchObject({ type: 'ActivityLogged', data: { sdrId: 'ada', firstTouch: true } });
    const [second] = assignmentDecider.decide(activity(), foldAssignment([assigned, first]));
    expect(second).toMatchObject({ data: { firstTouch: false } });
  });

  it.each<[string, AssignmentEvent[], AssignmentCommand, string]>([
    ['activity on an unassigned lead', [], activity(), 'lead-not-assigned'],
    ['activity by someone other than the owner', [assigned], activity('bob'), 'not-the-owner'],
    [
      'qualifying a disqualified lead',
      [assigned, { type: 'LeadDisqualified', data: { leadId: 'l1', sdrId: 'ada', reason: 'no budget', at: AT } }],
      { type: 'QualifyLead', data: { leadId: 'l1', reason: 'budget', at: AT } },
      'lead-closed',
    ],
  ])('rejects %s', (_rule, history, command, code) => {
    expect(() => assignmentDecider.decide(command, foldAssignment(history))).toThrow(expect.objectContaining({ code }) as Error);
  });

  it.each<[string, AssignmentEvent[], ReturnType<typeof breachResponse>]>([
    ['an untouched lead is reassigned', [assigned, breach], 'reassign'],
    [
      'a touched lead is stale',
      [assigned, { type: 'ActivityLogged', data: { leadId: 'l1', sdrId: 'ada', activityId: 'a', kind: 'call', outcome: 'no-answer', notes: null, firstTouch: true, at: AT } }, breach],
      'stale',
    ],
    [
      'a breach for a previous owner is stale',
      [assigned, { type: 'LeadReassigned', data: { leadId: 'l1', fromSdrId: 'ada', sdrId: 'bob', reason: 'sla-breach', decision: assigned.data.decision, slaDueAt: null, slaTimerId: null, reassignedAt: AT } }, breach],
      'stale',
    ],
  ])('on breach, %s', (_rule, history, response) => {
    expect(breachResponse(foldAssignment(history), breach, DEFAULT_ESCALATION)).toBe(response);
  });

  it('after the maximum reassignments the lead stays with its owner', () => {
    const state = foldAssignment([assigned, breach]);
    expect(breachResponse(state, breach, { onBreach: 'reassign', maxReassignments: 0 })).toBe('keep-owner');
    expect(breachResponse(state, breach, { onBreach: 'notify-manager', maxReassignments: 5 })).toBe('keep-owner');
  });
});
