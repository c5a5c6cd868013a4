import { ACTIVE_ROUTING_POLICY, INBOUND_POLICY, type RoutingPolicy } from '../routing/routing-policy';
import { recordedResponseMinutes, routingBacktest } from './routing-backtest';
import { routingHistory } from './routing-history';
import { replayRouting } from './routing-replay';
import { HistoryBuilder } from './routing.fixtures';

// Monday 2 March 2026; ann and ben work 09:00-17:00 Berlin (08:00-16:00 UTC).
const at = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00.000Z`;

const ignoringShifts: RoutingPolicy = {
  ...ACTIVE_ROUTING_POLICY,
  policyId: 'around-the-clock',
  inbound: { ...INBOUND_POLICY, id: 'inbound-any-time-fewest-open', shift: 'ignored' },
};

/**
 * ann takes every segment, ben only enterprise. L1 (captured before the shift) goes to ann at 08:00,
 * L2 to ben (fewer open), L1 is qualified, L3 to ann (fewer open again); L4 comes in at night and
 * nobody takes it.
 */
function aDay() {
  return new HistoryBuilder()
    .sdr('ann', at('06:00'))
    .sdr('ben', at('06:00'), { segments: ['enterprise'] })
    .lead('L1', at('07:00'), 'mid-market')
    .assigned('L1', 'ann', at('08:00'))
    .touched('L1', 'ann', at('08:02'))
    .lead('L2', at('08:10'), 'enterprise')
    .assigned('L2', 'ben', at('08:10'))
    .touched('L2', 'ben', at('08:11'))
    .qualified('L1', 'ann', at('08:30'))
    .lead('L3', at('09:00'), 'enterprise')
    .assigned('L3', 'ann', at('09:00'))
    .touched('L3', 'ann', at('09:10'))
    .lead('L4', at('20:00'), 'enterprise')
    .scored('L4', at('20:00'));
}

describe('routing replay and back-test', () => {
  it('the active policy replayed over the recorded history gives every lead the SDR the line gave it', () => {
    const history = routingHistory(aDay().records);
    const report = routingBacktest(history, replayRouting(history));
    expect(report.requests).toBe(4);
    expect(report.sameAsRecorded).toBe(4);
    expect(report.differences).toEqual([]);
    expect({ nobodyAtFirst: report.nobodyAtFirst, neverPlaced: report.neverPlaced, offShift: report.offShift }).toEqual({
      nobodyAtFirst: 1,
      neverPlaced: 1,
      offShift: 0,
    });
  });

  it('reports per SDR load and fairness per team (max−min, Jain)', () => {
    const history = routingHistory(aDay().records);
    const report = routingBacktest(history, replayRouting(history));
    expect(report.perSdr.map((r) => [r.sdrId, r.assigned, r.recorded])).toEqual([
      ['ann', 2, 2],
      ['ben', 1, 1],
    ]);
    expect(report.fairness).toEqual([{ team: 'inbound', sdrs: 2, maxMinusMin: 1, jain: 0.9, recordedMaxMinusMin: 1, recordedJain: 0.9 }]);
  });

  it('first-touch SLA exposure: late placements miss for certain, the others by the SDR’s recorded response times', () => {
    // L1 was placed after its 5 minutes were over; ben always answered in 1 minute; ann once in 2 and once in 10; L4 nobody took.
    const history = routingHistory(aDay().records);
    const { sla } = routingBacktest(history, replayRouting(history));
    expect(sla).toEqual({ inboundLeads: 4, expectedMisses: 2.5, expectedWithinSla: 0.375, placedTooLate: 2 });
  });

  it('a candidate that ignores shifts places the night lead, on an SDR off shift, and says so', () => {
    const history = routingHistory(aDay().records);
    const report = routingBacktest(history, replayRouting(history, ignoringShifts));
    expect(report.differences).toEqual([{ leadId: 'L4', purpose: 'assign', recorded: null, replayed: 'ben', at: at('20:00') }]);
    expect({ offShift: report.offShift, neverPlaced: report.neverPlaced }).toEqual({ offShift: 1, neverPlaced: 0 });
  });

  it('a lead nobody can take waits and is offered again as routing’s sweep would: at the next shift start', () => {
    const history = routingHistory(aDay().updated('ann', at('10:00', '03'), { weeklyCapacity: 100 }).records);
    const replay = replayRouting(history, { ...ACTIVE_ROUTING_POLICY, policyId: 'same-rules-again' });
    const l4 = replay.requests.find((r) => r.leadId === 'L4');
    expect(l4).toMatchObject({ waited: true, sdrId: 'ben', placedAt: at('08:00', '03') });
    expect(l4?.firstExcluded).toEqual([
      { sdrId: 'ann', reason: 'off shift' },
      { sdrId: 'ben', reason: 'off shift' },
    ]);
  });

  it('a candidate that ignores weekly capacity counts the leads it lands on an SDR over capacity', () => {
    const records = new HistoryBuilder()
      .sdr('ann', at('06:00'), { weeklyCapacity: 1 })
      .lead('L1', at('08:00'), 'smb')
      .assigned('L1', 'ann', at('08:00'))
      .lead('L2', at('09:00'), 'smb')
      .scored('L2', at('09:00')).records;
    const history = routingHistory(records);
    const unlimited: RoutingPolicy = {
      ...ACTIVE_ROUTING_POLICY,
      policyId: 'no-caps',
      inbound: { ...INBOUND_POLICY, id: 'inbound-uncapped', capacity: 'ignored' },
    };
    expect(routingBacktest(history, replayRouting(history)).neverPlaced).toBe(1);
    expect(routingBacktest(history, replayRouting(history, unlimited))).toMatchObject({ overCapacity: 1, neverPlaced: 0 });
  });

  it('a reassignment after a breach excludes the owners the replayed lead already had', () => {
    const records = new HistoryBuilder()
      .sdr('ann', at('06:00'))
      .lead('L1', at('08:00'), 'smb')
      .assigned('L1', 'ann', at('08:00'))
      .sdr('ben', at('08:05'))
      .reassigned('L1', 'ann', 'ben', at('08:10')).records;
    const history = routingHistory(records);
    const report = routingBacktest(history, replayRouting(history));
    expect(report.sameAsRecorded).toBe(2);
    expect(report.perSdr.map((r) => [r.sdrId, r.assigned])).toEqual([
      ['ann', 1],
      ['ben', 1],
    ]);
  });

  it('is deterministic: the same candidate on the same history gives the same report', () => {
    const history = routingHistory(aDay().records);
    expect(routingBacktest(history, replayRouting(history, ignoringShifts))).toEqual(
      routingBacktest(history, replayRouting(history, ignoringShifts)),
    );
  });

  it("a first touch that moved to an earlier activity logged later replaces the SDR's response sample, it does not add one", () => {
    const history = routingHistory(
      new HistoryBuilder()
        .sdr('ann', at('06:00'))
        .lead('L1', at('08:00'), 'mid-market')
        .assigned('L1', 'ann', at('08:00'))
        .touched('L1', 'ann', at('08:04'))
        .touched('L1', 'ann', at('08:01'))
        .lead('L2', at('08:10'), 'mid-market')
        .assigned('L2', 'ann', at('08:10'))
        .touched('L2', 'ann', at('08:13')).records,
    );
    expect(recordedResponseMinutes(history).get('ann')).toEqual([1, 3]);
  });
});
