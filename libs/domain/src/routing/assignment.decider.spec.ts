import { DeciderSpecification } from '../testing/decider-specification';
import { breachResponse, recycleResponse } from './assignment-routing';
import { assignmentDecider, DEFAULT_ESCALATION, foldAssignment, type AssignmentCommand } from './assignment.decider';
import { RoutingError, type RoutingErrorCode } from './routing.errors';
import type {
  ActivityLogged,
  AssignmentEvent,
  FirstTouchSlaBreached,
  LeadAssigned,
  LeadReassigned,
  LeadReopenedForOutbound,
} from './routing.events';
import { AT, qualified, recycleCoolOffEnded } from './routing.fixtures';

const given = DeciderSpecification.for(assignmentDecider);
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
const activity = (sdrId?: string, activityId = 'a1', at = AT): AssignmentCommand => ({
  type: 'LogActivity',
  data: { leadId: 'l1', activityId, sdrId, kind: 'call', outcome: 'connected', notes: null, at },
});
const logged = (sdrId: string, firstTouch: boolean, activityId = 'a1', at = AT): ActivityLogged => ({
  type: 'ActivityLogged',
  data: { leadId: 'l1', activityId, kind: 'call', outcome: 'connected', notes: null, at, sdrId, firstTouch },
});
const breach: FirstTouchSlaBreached = { type: 'FirstTouchSlaBreached', data: { leadId: 'l1', sdrId: 'ada', slaDueAt: AT, breachedAt: AT } };
/** Ada's lead handed to Bob on an SLA breach, on the same decision. */
const reassignedToBob = (data: Partial<LeadReassigned['data']> = {}): LeadReassigned => ({
  type: 'LeadReassigned',
  data: {
    leadId: 'l1',
    fromSdrId: 'ada',
    sdrId: 'bob',
    reason: 'sla-breach',
    decision: assigned.data.decision,
    slaDueAt: null,
    slaTimerId: null,
    reassignedAt: AT,
    ...data,
  },
});

describe('assignment decider', () => {
  it('the first activity is the first touch; later ones are not', () => {
    given([assigned])
      .when(activity())
      .then([logged('ada', true)]);
    given([assigned, logged('ada', true)])
      .when(activity(undefined, 'a2'))
      .then([logged('ada', false, 'a2')]);
  });

  it('an activity logged before (a retried request with the same activity id) records nothing, even on a closed lead', () => {
    given([assigned, logged('ada', true)])
      .when(activity())
      .thenNothingHappened();
    given([assigned, logged('ada', true), logged('ada', false, 'a2')])
      .when(activity('ada', 'a2'))
      .thenNothingHappened();
    given([assigned, logged('ada', true), { type: 'LeadQualified', data: { leadId: 'l1', sdrId: 'ada', reason: 'budget', at: AT } }])
      .when(activity())
      .thenNothingHappened();
  });

  describe('first touch is the earliest activity by the time it happened, not by arrival', () => {
    const at = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();
    const late = (activityId: string, occurredAt: string, arrivedAt = at(10)): AssignmentCommand => ({
      type: 'LogActivity',
      data: { leadId: 'l1', activityId, kind: 'call', outcome: 'connected', notes: null, at: arrivedAt, occurredAt },
    });

    it('an activity that happened before the first touch but arrived after it takes the first touch, with FirstTouchMoved', () => {
      given([assigned, logged('ada', true, 'a1', at(3))])
        .when(late('a2', at(2)))
        .then([
          logged('ada', true, 'a2', at(2)),
          {
            type: 'FirstTouchMoved',
            data: { leadId: 'l1', sdrId: 'ada', activityId: 'a2', at: at(2), fromActivityId: 'a1', fromAt: at(3) },
          },
        ]);
    });

    it('the same holds when the request time itself arrives out of order (two concurrent posts, the earlier one appended last)', () => {
      given([assigned, logged('ada', true, 'a1', at(3))])
        .when(activity(undefined, 'a2', at(2)))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['ActivityLogged', 'FirstTouchMoved']));
    });

    it('an activity after the first touch, or at the same moment, leaves it where it is', () => {
      given([assigned, logged('ada', true, 'a1', at(3))])
        .when(late('a2', at(4)))
        .then([logged('ada', false, 'a2', at(4))]);
      given([assigned, logged('ada', true, 'a1', at(3))])
        .when(late('a2', at(3)))
        .then([logged('ada', false, 'a2', at(3))]);
    });

    it('the state follows the move: the next activity compares with the moved first touch', () => {
      const moved: AssignmentEvent = {
        type: 'FirstTouchMoved',
        data: { leadId: 'l1', sdrId: 'ada', activityId: 'a2', at: at(2), fromActivityId: 'a1', fromAt: at(3) },
      };
      const history = [assigned, logged('ada', true, 'a1', at(3)), logged('ada', true, 'a2', at(2)), moved];
      expect(foldAssignment(history)).toMatchObject({ firstTouchAt: at(2), firstTouchActivityId: 'a2' });
      given(history)
        .when(late('a3', at(2.5)))
        .then([logged('ada', false, 'a3', at(2.5))]);
      given(history)
        .when(late('a3', at(1)))
        .then((events) => expect(events[1]).toMatchObject({ type: 'FirstTouchMoved', data: { activityId: 'a3', fromActivityId: 'a2' } }));
    });

    it('a history recorded out of order before this rule folds to the earliest too', () => {
      expect(foldAssignment([assigned, logged('ada', true, 'a1', at(3)), logged('ada', false, 'a2', at(2))])).toMatchObject({
        firstTouchAt: at(2),
        firstTouchActivityId: 'a2',
      });
    });

    it.each<[string, AssignmentEvent[], string]>([
      ['in the future', [assigned], at(11)],
      ['before the SDR got the lead', [assigned], at(-1)],
      ['before the breach already recorded', [assigned, { ...breach, data: { ...breach.data, breachedAt: at(5) } }], at(4)],
      ['not a time', [assigned], 'yesterday'],
    ])('refuses an occurredAt %s', (_rule, history, occurredAt) => {
      given(history).when(late('a2', occurredAt)).thenThrows(RoutingError, 'activity-time-out-of-range');
    });

    it('the owner since a reassignment may not log an activity from before it', () => {
      const reassigned = reassignedToBob({ slaDueAt: at(10), slaTimerId: 't2', reassignedAt: at(5) });
      given([assigned, reassigned])
        .when(late('a2', at(4)))
        .thenThrows(RoutingError, 'activity-time-out-of-range');
      given([assigned, reassigned])
        .when(late('a2', at(6)))
        .then([{ ...logged('bob', true, 'a2', at(6)) }]);
    });
  });

  it.each<[string, AssignmentEvent[], AssignmentCommand, RoutingErrorCode]>([
    ['activity on an unassigned lead', [], activity(), 'lead-not-assigned'],
    ['activity by someone other than the owner', [assigned], activity('bob'), 'not-the-owner'],
    [
      'qualifying a disqualified lead',
      [assigned, { type: 'LeadDisqualified', data: { leadId: 'l1', sdrId: 'ada', reason: 'no budget', at: AT } }],
      { type: 'QualifyLead', data: { leadId: 'l1', reason: 'budget', at: AT } },
      'lead-closed',
    ],
  ])('rejects %s', (_rule, history, command, code) => {
    given(history).when(command).thenThrows(RoutingError, code);
  });

  it.each<[string, AssignmentEvent[], ReturnType<typeof breachResponse>]>([
    ['an untouched lead is reassigned', [assigned, breach], 'reassign'],
    [
      'a touched lead is stale',
      [
        assigned,
        {
          type: 'ActivityLogged',
          data: { leadId: 'l1', sdrId: 'ada', activityId: 'a', kind: 'call', outcome: 'no-answer', notes: null, firstTouch: true, at: AT },
        },
        breach,
      ],
      'stale',
    ],
    ['a breach for a previous owner is stale', [assigned, reassignedToBob(), breach], 'stale'],
  ])('on breach, %s', (_rule, history, response) => {
    expect(breachResponse(foldAssignment(history), breach, DEFAULT_ESCALATION)).toBe(response);
  });

  it('after the maximum reassignments the lead stays with its owner', () => {
    const state = foldAssignment([assigned, breach]);
    expect(breachResponse(state, breach, { onBreach: 'reassign', maxReassignments: 0 })).toBe('keep-owner');
    expect(breachResponse(state, breach, { onBreach: 'notify-manager', maxReassignments: 5 })).toBe('keep-owner');
  });

  describe('a recycled lead', () => {
    const LATER = '2026-06-02T09:00:00.000Z';
    const coolOffEnded = recycleCoolOffEnded(LATER);
    const reopened: LeadReopenedForOutbound = {
      type: 'LeadReopenedForOutbound',
      data: {
        leadId: 'l1',
        fromSdrId: 'ada',
        sdrId: 'cy',
        team: 'outbound',
        source: 'inbound-web',
        decision: {} as LeadReopenedForOutbound['data']['decision'],
        reason: 'hopeless: no budget',
        recycledAt: AT,
        at: LATER,
      },
    };

    it('is reopened after its cool-off unless it is open now or this cool-off already reopened it', () => {
      expect(recycleResponse(foldAssignment([assigned, qualified, coolOffEnded]), false)).toBe('reopen');
      expect(recycleResponse(foldAssignment([coolOffEnded]), false)).toBe('reopen');
      expect(recycleResponse(foldAssignment([assigned]), false)).toBe('stale');
      expect(
        recycleResponse(
          foldAssignment([assigned, qualified, coolOffEnded, reopened, { ...qualified, data: { ...qualified.data, sdrId: 'cy' } }]),
          true,
        ),
      ).toBe('stale');
    });

    it('reopened, it is open with the outbound owner, untouched, without an SLA, and can be worked and qualified again', () => {
      const state = foldAssignment([assigned, breach, qualified, coolOffEnded, reopened]);
      expect(state).toMatchObject({
        status: 'open',
        sdrId: 'cy',
        team: 'outbound',
        slaDueAt: null,
        slaTimerId: null,
        firstTouchAt: null,
        breaches: 0,
        previousSdrIds: ['ada'],
      });
      const history = [assigned, breach, qualified, coolOffEnded, reopened];
      given(history)
        .when(activity())
        .then([logged('cy', true)]);
      given(history).when(activity('ada')).thenThrows(RoutingError, 'not-the-owner');
      given([assigned, qualified, reopened, logged('cy', true)])
        .when({ type: 'QualifyLead', data: { leadId: 'l1', reason: 'new budget', at: LATER } })
        .then([{ type: 'LeadQualified', data: { leadId: 'l1', reason: 'new budget', at: LATER, sdrId: 'cy' } }]);
      // An old first-touch breach of the inbound owner is stale on the reopened lead.
      expect(breachResponse(state, breach, DEFAULT_ESCALATION)).toBe('stale');
    });

    it('a lead routing never assigned is reopened from nobody', () => {
      expect(foldAssignment([coolOffEnded, { ...reopened, data: { ...reopened.data, fromSdrId: null } }])).toMatchObject({
        status: 'open',
        sdrId: 'cy',
        previousSdrIds: [],
      });
    });
  });
});
