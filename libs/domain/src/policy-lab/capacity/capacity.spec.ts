import { profile } from '../../routing/routing.fixtures';
import { arrivalPattern, grown, hourOfWeek, HOURS_PER_WEEK } from './arrival-pattern';
import { planInboundShifts, rosterStaffing, shiftHours, slaUnderGrowth } from './capacity-planner';
import { simulateFirstTouch } from './capacity-simulation';
import { erlangAgentsNeeded, erlangC, erlangServiceLevel } from './erlang-c';

const flat = (value: number) => new Array<number>(HOURS_PER_WEEK).fill(value);

describe('Erlang C', () => {
  it.each([
    // Textbook values: 2 Erlangs on 3 agents wait with probability 4/9; on 4 agents 0.1739.
    [3, 2, 4 / 9],
    [4, 2, 0.1739],
    [1, 0.5, 0.5],
  ])('%d agents, %d Erlangs → P(wait) %d', (agents, erlangs, expected) => {
    expect(erlangC(agents, erlangs)).toBeCloseTo(expected, 4);
  });

  it('an overloaded queue never meets its SLA; an empty one always does', () => {
    expect(erlangServiceLevel(1, 6, 5, 5)).toBe(0);
    expect(erlangServiceLevel(0, 6, 1, 5)).toBe(1);
  });

  it('sizes agents to the fewest that reach the target', () => {
    const agents = erlangAgentsNeeded(0.5, 6, 0.95, 5);
    expect(erlangServiceLevel(0.5, 6, agents, 5)).toBeGreaterThanOrEqual(0.95);
    expect(erlangServiceLevel(0.5, 6, agents - 1, 5)).toBeLessThan(0.95);
  });
});

describe('the discrete-event simulation against Erlang C', () => {
  // Poisson arrivals, exponential handling, constant staff: Erlang C's own assumptions, so the two must
  // agree. Tolerance: 0.01 absolute on the share touched within 5 minutes, over 100 simulated weeks
  // (300,000-800,000 arrivals; the seeds' spread was under 0.005).
  it.each([
    [30, 6, 4],
    [30, 6, 5],
    [50, 10, 10],
    [20, 12, 5],
  ])('%d leads/h, %d min handling, %d SDRs: within 0.01 of Erlang C', (perHour, mean, agents) => {
    const simulated = simulateFirstTouch({
      perHour: flat(perHour),
      staffing: flat(agents),
      handling: { kind: 'exponential', meanMinutes: mean },
      slaMinutes: 5,
      weeks: 100,
      warmUpMinutes: 600,
      seed: 2026,
    });
    expect(Math.abs(simulated.serviceLevel - erlangServiceLevel(perHour / 60, mean, agents, 5))).toBeLessThan(0.01);
  });

  it('is deterministic for a seed, and a recorded response delay counts against the SLA', () => {
    const input = {
      perHour: flat(10),
      staffing: flat(3),
      handling: { kind: 'exponential' as const, meanMinutes: 6 },
      slaMinutes: 5,
      weeks: 2,
      seed: 1,
    };
    expect(simulateFirstTouch(input)).toEqual(simulateFirstTouch(input));
    expect(simulateFirstTouch({ ...input, reactionMinutes: [6] }).serviceLevel).toBe(0);
  });

  it('leads arriving when nobody is on shift wait for the shift and miss the SLA', () => {
    const staffing = flat(2).map((s, h) => (h % 24 < 8 ? 0 : s));
    const result = simulateFirstTouch({
      perHour: flat(6),
      staffing,
      handling: { kind: 'exponential', meanMinutes: 5 },
      slaMinutes: 5,
      weeks: 4,
      seed: 3,
    });
    expect(result.perHour[3]).toBe(0);
    expect(result.perHour[12]).toBeGreaterThan(0.9);
  });
});

describe('arrival pattern', () => {
  it('counts captures per UTC hour of the week, averaged over the weeks observed, with the source and segment mix', () => {
    const captures = [
      { at: '2026-03-02T09:15:00.000Z', source: 'demo-request' as const, segment: 'smb' },
      { at: '2026-03-09T09:45:00.000Z', source: 'inbound-web' as const, segment: 'smb' },
      { at: '2026-03-10T10:00:00.000Z', source: 'inbound-web' as const, segment: 'enterprise' },
    ];
    const pattern = arrivalPattern(captures, '2026-03-02T00:00:00.000Z', '2026-03-16T00:00:00.000Z');
    expect(hourOfWeek('2026-03-02T09:15:00.000Z')).toBe(9);
    expect(pattern.perHour[9]).toBe(1);
    expect(pattern.perHour[24 + 10]).toBe(0.5);
    expect(pattern).toMatchObject({
      weeks: 2,
      leads: 3,
      bySource: { 'inbound-web': 2, 'demo-request': 1 },
      bySegment: { smb: 2, enterprise: 1 },
    });
    expect(grown(pattern, 0.5).perHour[9]).toBe(1.5);
  });
});

describe('capacity planner', () => {
  // Weekdays 08:00-18:00 UTC: 12 leads an hour; otherwise 1.
  const perHour = flat(0).map((_v, h) => (h < 120 && h % 24 >= 8 && h % 24 < 18 ? 12 : 1));
  const pattern = { perHour, bySource: {}, bySegment: {}, weeks: 4, leads: 0 };
  const handling = { kind: 'exponential' as const, meanMinutes: 10 };

  it('answers how many inbound SDRs on which shifts touch 95 % of leads within 5 minutes, checked by simulation and Erlang C', () => {
    const plan = planInboundShifts(pattern, { handling, seed: 4 });
    expect(plan.simulated.serviceLevel).toBeGreaterThanOrEqual(0.95);
    expect(plan.erlangServiceLevel).toBeGreaterThanOrEqual(0.95);
    plan.required.forEach((need, h) => expect(plan.staffing[h]).toBeGreaterThanOrEqual(need));
    expect(plan.sdrs).toBe(plan.shifts.reduce((sum, s) => sum + s.sdrs, 0));
    // Nights and weekends need someone too: a single lead an hour still has to be touched in 5 minutes.
    expect(plan.staffing[2]).toBeGreaterThan(0);
  });

  it('what volume growth does to the SLA with a given staffing: it falls as volume grows', () => {
    const plan = planInboundShifts(pattern, { handling, seed: 4 });
    const rows = slaUnderGrowth(pattern, plan.staffing, [0, 0.2, 0.5], { handling, seed: 4 });
    expect(rows.map((r) => r.growth)).toEqual([0, 0.2, 0.5]);
    expect(rows[2].simulatedServiceLevel).toBeLessThan(rows[0].simulatedServiceLevel);
    expect(rows[2].erlangServiceLevel).toBeLessThan(rows[0].erlangServiceLevel);
    expect(rows[1].leadsPerWeek).toBeCloseTo(rows[0].leadsPerWeek * 1.2);
  });

  it('reads today’s staffing from the roster’s working hours in each SDR’s time zone', () => {
    const berlin = profile();
    const staffing = rosterStaffing([berlin, profile({ team: 'outbound' }), profile({ active: false })], '2026-03-02T00:00:00.000Z');
    expect(staffing.slice(0, 24)).toEqual(
      flat(0)
        .slice(0, 24)
        .map((_v, h) => (h >= 8 && h < 16 ? 1 : 0)),
    );
    expect(staffing.slice(120).every((s) => s === 0)).toBe(true);
  });

  it('a shift covers its whole hours on its days only', () => {
    const hours = shiftHours({ id: 'x', days: [2], start: '08:00', end: '10:00' });
    expect(hours.flatMap((on, h) => (on ? [h] : []))).toEqual([32, 33]);
  });
});
