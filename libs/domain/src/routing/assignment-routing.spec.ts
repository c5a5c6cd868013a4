import { DeciderSpecification } from '../testing/decider-specification';
import {
  assignOutcome,
  breachOutcome,
  reopenOutcome,
  type AssignLeadData,
  type ReassignOnBreachData,
  type ReopenForOutboundData,
} from './assignment-routing';
import { assignmentDecider, DEFAULT_ESCALATION, foldAssignment } from './assignment.decider';
import { replayDecision } from './assignment.policy';
import { DEFAULT_FIRST_TOUCH_SLA } from './first-touch-sla';
import { AT, candidate, qualified, recycleCoolOffEnded } from './routing.fixtures';
import type { AssignmentEvent, FirstTouchSlaBreached, LeadAssigned, LeadReassigned, LeadReopenedForOutbound } from './routing.events';

const given = DeciderSpecification.for(assignmentDecider);

const assign = (overrides: Partial<AssignLeadData> = {}): AssignLeadData => ({
  leadId: 'l1',
  team: 'inbound',
  source: 'demo-request',
  segment: 'mid-market',
  territory: 'dach',
  at: AT,
  slaFrom: AT,
  seed: 42,
  candidates: [candidate('ada', { openLeads: 3 }), candidate('bob', { openLeads: 1 }), candidate('cy', {}, { team: 'outbound' })],
  sla: DEFAULT_FIRST_TOUCH_SLA,
  slaTimerId: 'timer-1',
  ...overrides,
});

const assignedTo =
  (sdrId: string, slaDueAt: string | null = '2026-03-02T09:05:00.000Z'): ((events: AssignmentEvent[]) => void) =>
  (events) => {
    expect(events).toHaveLength(1);
    const [event] = events as LeadAssigned[];
    expect(event.type).toBe('LeadAssigned');
    expect(event.data).toMatchObject({ leadId: 'l1', sdrId, slaDueAt, slaTimerId: slaDueAt ? 'timer-1' : null, assignedAt: AT });
    expect(replayDecision(event.data.decision)).toBe(sdrId);
  };

const leadAssigned = (sdrId: string): LeadAssigned => {
  const [event] = assignmentDecider.decide(
    { type: 'AssignLead', data: assign({ candidates: [candidate(sdrId)] }) },
    assignmentDecider.initialState(),
  ) as LeadAssigned[];
  return event;
};

describe('the assignment decider: who owns a lead', () => {
  describe('AssignLead', () => {
    it('gives a new inbound lead to the eligible SDR of its team with the fewest open leads, with the first-touch deadline', () => {
      given([]).when({ type: 'AssignLead', data: assign() }).then(assignedTo('bob'));
    });

    it('an outbound lead goes to the outbound team without a first-touch SLA', () => {
      given([])
        .when({ type: 'AssignLead', data: assign({ team: 'outbound' }) })
        .then(assignedTo('cy', null));
    });

    it('the SLA window of a lead that waited starts when it was released or assigned, not at the capture', () => {
      given([])
        .when({ type: 'AssignLead', data: assign({ slaFrom: '2026-03-02T09:30:00.000Z' }) })
        .then((events) => expect(events[0]).toMatchObject({ data: { slaDueAt: '2026-03-02T09:35:00.000Z' } }));
    });

    it('a lead routing already holds is not moved (a re-score), nor one with history of its own', () => {
      given([leadAssigned('ada')])
        .when({ type: 'AssignLead', data: assign() })
        .thenNothingHappened();
      given([recycleCoolOffEnded(AT)])
        .when({ type: 'AssignLead', data: assign() })
        .thenNothingHappened();
    });

    it('with nobody eligible the lead waits, and the outcome names every exclusion', () => {
      const night = assign({ at: '2026-03-02T22:00:00.000Z' });
      given([]).when({ type: 'AssignLead', data: night }).thenNothingHappened();
      expect(assignOutcome(night, assignmentDecider.initialState())).toEqual({
        kind: 'waiting',
        excluded: [
          { sdrId: 'ada', reason: expect.stringMatching(/shift/) },
          { sdrId: 'bob', reason: expect.stringMatching(/shift/) },
          { sdrId: 'cy', reason: expect.any(String) },
        ],
      });
    });
  });

  describe('ReassignOnBreach', () => {
    const breach: FirstTouchSlaBreached = {
      type: 'FirstTouchSlaBreached',
      data: { leadId: 'l1', sdrId: 'ada', slaDueAt: '2026-03-02T09:05:00.000Z', breachedAt: '2026-03-02T09:05:00.000Z' },
    };
    const LATER = '2026-03-02T09:05:00.000Z';
    const reassign = (overrides: Partial<ReassignOnBreachData> = {}): ReassignOnBreachData => ({
      leadId: 'l1',
      breach: breach.data,
      at: LATER,
      seed: 7,
      lead: { segment: 'mid-market', territory: 'dach' },
      candidates: [candidate('ada'), candidate('bob', { openLeads: 5 }), candidate('dee', { openLeads: 2 })],
      sla: DEFAULT_FIRST_TOUCH_SLA,
      escalation: DEFAULT_ESCALATION,
      slaTimerId: 'timer-2',
      ...overrides,
    });

    it('moves an untouched lead to the next eligible SDR (never the one who breached), with a fresh deadline', () => {
      given([leadAssigned('ada'), breach])
        .when({ type: 'ReassignOnBreach', data: reassign() })
        .then((events) => {
          const [event] = events as LeadReassigned[];
          expect(event).toMatchObject({
            type: 'LeadReassigned',
            data: {
              fromSdrId: 'ada',
              sdrId: 'dee',
              reason: 'sla-breach',
              slaDueAt: '2026-03-02T09:10:00.000Z',
              slaTimerId: 'timer-2',
              reassignedAt: LATER,
            },
          });
          expect(event.data.decision.pool.map((m) => m.sdrId)).toEqual(['bob', 'dee']);
        });
    });

    it('a stale breach (touched, closed, or someone else owns the lead) changes nothing', () => {
      const touched: AssignmentEvent = {
        type: 'ActivityLogged',
        data: { leadId: 'l1', sdrId: 'ada', activityId: 'a1', kind: 'call', outcome: 'no-answer', notes: null, firstTouch: true, at: AT },
      };
      given([leadAssigned('ada'), touched, breach])
        .when({ type: 'ReassignOnBreach', data: reassign() })
        .thenNothingHappened();
      expect(breachOutcome(reassign(), foldAssignment([leadAssigned('ada'), touched, breach]))).toEqual({ kind: 'stale' });
      expect(breachOutcome(reassign(), foldAssignment([leadAssigned('bob'), breach]))).toEqual({ kind: 'stale' });
      expect(breachOutcome(reassign(), assignmentDecider.initialState())).toEqual({ kind: 'stale' });
    });

    it('the owner keeps the lead when the policy only alerts, after the last reassignment, or when nobody else is eligible', () => {
      const state = foldAssignment([leadAssigned('ada'), breach]);
      expect(breachOutcome(reassign({ escalation: { onBreach: 'notify-manager', maxReassignments: 5 } }), state)).toEqual({
        kind: 'keep-owner',
        owner: 'ada',
        why: 'policy',
      });
      expect(breachOutcome(reassign({ escalation: { onBreach: 'reassign', maxReassignments: 0 } }), state)).toMatchObject({
        why: 'policy',
      });
      expect(breachOutcome(reassign({ candidates: [candidate('ada')] }), state)).toEqual({
        kind: 'keep-owner',
        owner: 'ada',
        why: 'no-other-sdr',
      });
      given([leadAssigned('ada'), breach])
        .when({ type: 'ReassignOnBreach', data: reassign({ candidates: [candidate('ada')] }) })
        .thenNothingHappened();
    });
  });

  describe('ReopenForOutbound', () => {
    const LATER = '2026-06-01T09:00:00.000Z';
    const coolOff = recycleCoolOffEnded(LATER);
    const reopen = (overrides: Partial<ReopenForOutboundData> = {}): ReopenForOutboundData => ({
      leadId: 'l1',
      coolOff: coolOff.data,
      alreadyReopened: false,
      lead: { source: null, segment: 'mid-market', territory: 'dach' },
      at: LATER,
      seed: 3,
      candidates: [
        candidate('ada'),
        candidate('cy', {}, { team: 'outbound' }),
        candidate('eve', { assignedThisWeek: 40 }, { team: 'outbound' }),
      ],
      ...overrides,
    });

    it('gives a recycled lead to an outbound SDR by the outbound policy, from its previous owner, without an SLA', () => {
      given([leadAssigned('ada'), qualified, coolOff])
        .when({ type: 'ReopenForOutbound', data: reopen() })
        .then((events) => {
          const [event] = events as LeadReopenedForOutbound[];
          expect(event).toMatchObject({
            type: 'LeadReopenedForOutbound',
            data: {
              fromSdrId: 'ada',
              sdrId: 'cy',
              team: 'outbound',
              source: 'demo-request',
              reason: 'hopeless: no budget',
              recycledAt: AT,
              at: LATER,
            },
          });
          expect(event.data.decision.policyId).toBe('outbound-even-weekly-spread');
        });
      expect(reopenOutcome(reopen(), foldAssignment([leadAssigned('ada'), qualified, coolOff]))).toMatchObject({
        kind: 'reopened',
        previousSlaTimerId: 'timer-1',
        segment: 'mid-market',
      });
    });

    it('a lead routing never assigned is reopened from nobody, with the source intake knows', () => {
      given([coolOff])
        .when({ type: 'ReopenForOutbound', data: reopen({ lead: { source: 'event', segment: null, territory: null } }) })
        .then((events) =>
          expect(events[0]).toMatchObject({ data: { fromSdrId: null, source: 'event', decision: { lead: { segment: 'unknown' } } } }),
        );
    });

    it.each<[string, AssignmentEvent[], Partial<ReopenForOutboundData>, string]>([
      ['the cool-off is not on the stream', [leadAssigned('ada'), qualified], { coolOff: null }, 'no RecycleCoolOffEnded on the stream'],
      ['this cool-off reopened it already', [leadAssigned('ada'), qualified, coolOff], { alreadyReopened: true }, 'already reopened'],
      ['the lead is open', [leadAssigned('ada'), coolOff], {}, 'the lead is open'],
      ['nobody knows its source', [coolOff], {}, 'routing knows nothing about the lead'],
    ])('is stale when %s', (_rule, history, overrides, why) => {
      given(history)
        .when({ type: 'ReopenForOutbound', data: reopen(overrides) })
        .thenNothingHappened();
      expect(reopenOutcome(reopen(overrides), foldAssignment(history))).toEqual({ kind: 'stale', why });
    });

    it('waits with the exclusions when no outbound SDR is eligible', () => {
      const data = reopen({ candidates: [candidate('ada')] });
      given([leadAssigned('ada'), qualified, coolOff])
        .when({ type: 'ReopenForOutbound', data })
        .thenNothingHappened();
      expect(reopenOutcome(data, foldAssignment([leadAssigned('ada'), qualified, coolOff]))).toEqual({
        kind: 'waiting',
        excluded: [{ sdrId: 'ada', reason: expect.any(String) }],
      });
    });
  });
});
