import type { AssignmentDecision } from './routing.events';
import { decideAssignment, isOnShift, replayDecision, type AssignmentRequest, type SdrCandidate } from './assignment.policy';
import { ACTIVE_ROUTING_POLICY, INBOUND_POLICY, routingPolicyProblems } from './routing-policy';
import { candidate, profile } from './routing.fixtures';
import { seededRandom, seedFrom } from '../shared/seeded-random';

// Monday 2 March 2026, 10:00 in Berlin (09:00 UTC).
const MONDAY_10_BERLIN = '2026-03-02T09:00:00.000Z';
const inbound: AssignmentRequest = { team: 'inbound', territory: 'dach', segment: 'mid-market', at: MONDAY_10_BERLIN, seed: 42 };

describe('inbound eligibility', () => {
  it.each<[string, SdrCandidate, string]>([
    ['another team', candidate('x', {}, { team: 'outbound' }), 'team outbound'],
    ['inactive', candidate('x', {}, { active: false }), 'inactive'],
    ['territory not covered', candidate('x', {}, { territories: ['nordics'] }), 'territory dach not covered'],
    ['segment not covered', candidate('x', {}, { segments: ['enterprise'] }), 'segment mid-market not covered'],
    ['weekly capacity reached', candidate('x', { assignedThisWeek: 3 }, { weeklyCapacity: 3 }), 'weekly capacity reached'],
    ['off shift in their own time zone', candidate('x', {}, { timeZone: 'America/New_York' }), 'off shift'],
    ['not a working day', candidate('x', {}, { workingHours: { days: [2, 3], start: '00:00', end: '24:00' } }), 'off shift'],
    ['on time off', candidate('x', { timeOff: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z', reason: null }] }), 'time off'],
  ])('an SDR who is %s is excluded', (_rule, sdr, reason) => {
    const { decision, excluded } = decideAssignment(inbound, [sdr]);
    expect(decision).toBeNull();
    expect(excluded).toEqual([{ sdrId: 'x', reason }]);
  });

  it('a wildcard territory and segment cover every lead; unknown territory and segment do not block', () => {
    const wildcard = candidate('w', {}, { territories: ['*'], segments: ['*'] });
    expect(decideAssignment({ ...inbound, territory: 'apac', segment: 'smb' }, [wildcard]).decision?.chosenSdrId).toBe('w');
    expect(decideAssignment({ ...inbound, territory: null, segment: 'unknown' }, [candidate('a')]).decision?.chosenSdrId).toBe('a');
  });

  it.each([
    ['09:00 local is on shift', '2026-03-02T08:00:00.000Z', true],
    ['08:59 local is off shift', '2026-03-02T07:59:00.000Z', false],
    ['17:00 local is off shift (end exclusive)', '2026-03-02T16:00:00.000Z', false],
    ['summer time moves the shift: 09:30 CEST', '2026-07-06T07:30:00.000Z', true],
  ])('%s', (_rule, at, expected) => {
    expect(isOnShift(profile(), at)).toBe(expected);
  });
});

describe('inbound ranking', () => {
  it.each<[string, SdrCandidate[], string, AssignmentDecision['tieBreak']]>([
    ['the only eligible SDR gets it', [candidate('a')], 'a', 'only-candidate'],
    ['fewest open leads wins', [candidate('a', { openLeads: 3 }), candidate('b', { openLeads: 1 })], 'b', 'load'],
    [
      'on a tie, the longest since the last assignment wins',
      [
        candidate('a', { openLeads: 1, lastAssignedAt: '2026-03-02T08:00:00Z' }),
        candidate('b', { openLeads: 1, lastAssignedAt: '2026-03-02T07:00:00Z' }),
      ],
      'b',
      'longest-since-last-assignment',
    ],
    [
      'never assigned counts as longest idle',
      [candidate('a', { lastAssignedAt: '2026-03-02T08:00:00Z' }), candidate('b')],
      'b',
      'longest-since-last-assignment',
    ],
  ])('%s', (_rule, candidates, chosen, tieBreak) => {
    const { decision } = decideAssignment(inbound, candidates);
    expect(decision).toMatchObject({ chosenSdrId: chosen, tieBreak, policyId: 'inbound-on-shift-fewest-open', policyVersion: 1 });
  });

  it('a full tie is broken by a seeded draw that depends only on the seed', () => {
    const tied = ['a', 'b', 'c', 'd'].map((id) => candidate(id));
    const picks = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const first = decideAssignment({ ...inbound, seed }, tied).decision;
      const again = decideAssignment({ ...inbound, seed }, [...tied].reverse()).decision;
      expect(again?.chosenSdrId).toBe(first?.chosenSdrId);
      expect(first?.tieBreak).toBe('seeded-draw');
      picks.add(first?.chosenSdrId ?? '');
    }
    expect(picks.size).toBe(4);
  });

  it('the decision records the eligible pool with each member load, the exclusions and the seed', () => {
    const { decision } = decideAssignment(inbound, [
      candidate('b', { openLeads: 2, assignedThisWeek: 5, lastAssignedAt: '2026-03-01T10:00:00Z' }),
      candidate('a', { openLeads: 1 }),
      candidate('z', {}, { team: 'outbound' }),
    ]);
    expect(decision).toMatchObject({
      seed: 42,
      decidedAt: MONDAY_10_BERLIN,
      lead: { team: 'inbound', territory: 'dach', segment: 'mid-market' },
      pool: [
        { sdrId: 'a', openLeads: 1, assignedThisWeek: 0, weeklyCapacity: 160, lastAssignedAt: null },
        { sdrId: 'b', openLeads: 2, assignedThisWeek: 5, weeklyCapacity: 160, lastAssignedAt: '2026-03-01T10:00:00Z' },
      ],
      excluded: [{ sdrId: 'z', reason: 'team outbound' }],
      chosenSdrId: 'a',
    });
  });
});

describe('outbound ranking', () => {
  const outbound: AssignmentRequest = { ...inbound, team: 'outbound', at: '2026-03-01T03:00:00.000Z' };
  it('ignores shifts and spreads evenly by share of weekly capacity used', () => {
    const { decision } = decideAssignment(outbound, [
      candidate('a', { assignedThisWeek: 40, openLeads: 0 }, { team: 'outbound', weeklyCapacity: 160 }),
      candidate('b', { assignedThisWeek: 30, openLeads: 9 }, { team: 'outbound', weeklyCapacity: 80 }),
    ]);
    expect(decision).toMatchObject({ policyId: 'outbound-even-weekly-spread', chosenSdrId: 'a', tieBreak: 'load' });
  });
});

describe('replay', () => {
  it('replaying a recorded decision (as stored in JSON) picks the same SDR', () => {
    const recorded: AssignmentDecision = JSON.parse(
      JSON.stringify(
        decideAssignment(
          { ...inbound, seed: seedFrom('event-123') },
          ['a', 'b', 'c'].map((id) => candidate(id)),
        ).decision,
      ),
    );
    expect(recorded.tieBreak).toBe('seeded-draw');
    expect(replayDecision(recorded)).toBe(recorded.chosenSdrId);
  });

  it('the seeded generator is stable across runs (pinned values)', () => {
    const next = seededRandom(1);
    expect([next(), next()].map((n) => n.toFixed(6))).toEqual(['0.627074', '0.002736']);
  });
});

describe('candidate routing rules (the policy lab back-tests and shadows them)', () => {
  const night = { ...inbound, at: '2026-03-02T22:00:00.000Z' };
  const anyTime = {
    ...ACTIVE_ROUTING_POLICY,
    policyId: 'any-time',
    inbound: { ...INBOUND_POLICY, id: 'inbound-any-time', shift: 'ignored' as const },
  };

  it('the active policy is the default and keeps its recorded rule ids', () => {
    expect(decideAssignment(inbound, [candidate('a')]).decision?.policyId).toBe('inbound-on-shift-fewest-open');
    expect(decideAssignment(inbound, [candidate('a')], ACTIVE_ROUTING_POLICY)).toEqual(decideAssignment(inbound, [candidate('a')]));
  });

  it('a rule that ignores shifts takes an SDR off shift; one that ignores capacity takes a full one', () => {
    expect(decideAssignment(night, [candidate('a')]).decision).toBeNull();
    expect(decideAssignment(night, [candidate('a')], anyTime).decision?.policyId).toBe('inbound-any-time');
    const full = candidate('a', { assignedThisWeek: 5 }, { weeklyCapacity: 5 });
    const uncapped = {
      ...ACTIVE_ROUTING_POLICY,
      policyId: 'uncapped',
      inbound: { ...INBOUND_POLICY, id: 'inbound-uncapped', capacity: 'ignored' as const },
    };
    expect(decideAssignment(inbound, [full]).decision).toBeNull();
    expect(decideAssignment(inbound, [full], uncapped).decision?.chosenSdrId).toBe('a');
  });

  it('ranks by the rule’s load measure, and a decision it made replays with the rule given', () => {
    const byWeek = {
      ...ACTIVE_ROUTING_POLICY,
      policyId: 'weekly',
      inbound: { ...INBOUND_POLICY, id: 'inbound-fewest-this-week', load: 'assigned-this-week' as const },
    };
    const pool = [candidate('a', { openLeads: 1, assignedThisWeek: 9 }), candidate('b', { openLeads: 5, assignedThisWeek: 2 })];
    expect(decideAssignment(inbound, pool).decision?.chosenSdrId).toBe('a');
    const decision = decideAssignment(inbound, pool, byWeek).decision;
    expect(decision?.chosenSdrId).toBe('b');
    expect(decision && replayDecision(decision, [byWeek.inbound])).toBe('b');
    expect(() => decision && replayDecision(decision)).toThrow(/unknown routing rule inbound-fewest-this-week/);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'x', /JSON object/],
    [
      'an unknown load measure',
      { ...ACTIVE_ROUTING_POLICY, inbound: { ...INBOUND_POLICY, id: 'x', load: 'random' } },
      /inbound.load must be one of/,
    ],
    [
      'a changed rule under the active rule’s id',
      { ...ACTIVE_ROUTING_POLICY, inbound: { ...INBOUND_POLICY, shift: 'ignored' } },
      /rule id inbound-on-shift-fewest-open is the active rule's/,
    ],
  ])('routingPolicyProblems rejects %s', (_what, policy, problem) => {
    expect(routingPolicyProblems(policy).join('; ')).toMatch(problem);
  });

  it('routingPolicyProblems accepts the active policy', () => expect(routingPolicyProblems(ACTIVE_ROUTING_POLICY)).toEqual([]));
});
