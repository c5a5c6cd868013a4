import { rosterAe } from './appointments.fixtures';
import { handoffsSince, hunterHandoff, hunterStandings, pickHunter, type HunterCandidates } from './hunter-pick';

describe('sales engineer and hunter', () => {
  it('hands over to the hunter with the fewest handoffs this month, within the daily and open-deal caps', () => {
    const hunters = [
      { ae: rosterAe('h1', { role: 'hunter' }), handoffsThisMonth: 0, handoffsToday: 2, openDeals: 10 },
      { ae: rosterAe('h2', { role: 'hunter' }), handoffsThisMonth: 1, handoffsToday: 0, openDeals: 150 },
      { ae: rosterAe('h3', { role: 'hunter' }), handoffsThisMonth: 4, handoffsToday: 0, openDeals: 149 },
      { ae: rosterAe('h4', { role: 'hunter' }), handoffsThisMonth: 3, handoffsToday: 0, openDeals: 0 },
    ];
    const picked = pickHunter(hunters, { at: '2026-03-02T10:00:00Z', segment: 'smb', seed: 1 });
    expect(picked.hunterId).toBe('h4');
    expect(picked.pool.map((p) => p.aeId)).toEqual(['h3', 'h4']);
    expect(pickHunter(hunters.slice(0, 2), { at: '2026-03-02T10:00:00Z', segment: 'smb', seed: 1 }).hunterId).toBeNull();
  });
});

describe('the hand-off after a demo', () => {
  const AT = '2026-03-02T10:00:00.000Z'; // Monday 11:00 in Berlin
  const hunters = [
    rosterAe('h1', { role: 'hunter' }),
    rosterAe('h2', { role: 'hunter' }),
    rosterAe('h3', { role: 'hunter', timeZone: 'Asia/Tokyo' }),
  ];
  const candidates: HunterCandidates = {
    hunters,
    handoffs: [
      { hunterId: 'h1', at: '2026-02-27T10:00:00.000Z' }, // last month
      { hunterId: 'h1', at: '2026-03-01T10:00:00.000Z' }, // this month, Sunday
      { hunterId: 'h2', at: '2026-03-02T08:00:00.000Z' }, // this month, today
      { hunterId: 'h2', at: '2026-03-02T09:00:00.000Z' }, // this month, today: h2 reached the daily cap of 2
      { hunterId: 'h3', at: '2026-03-01T16:00:00.000Z' }, // Monday 01:00 in Tokyo: today on h3's wall clock
    ],
    openDeals: { h1: 3 },
  };
  const demo = (overrides: Partial<Parameters<typeof hunterHandoff>[0]> = {}) => ({
    status: 'held' as const,
    ae: rosterAe('guru'),
    movedForward: true,
    ...overrides,
  });

  it('reads hand-overs from the month start or two days back, whichever is earlier', () => {
    expect(handoffsSince(AT)).toBe('2026-02-28T10:00:00.000Z');
    expect(handoffsSince('2026-03-20T10:00:00.000Z')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('counts each hunter’s hand-overs this month and today on their own wall clock, with open deals', () => {
    expect(hunterStandings(candidates, AT).map((h) => [h.ae.aeId, h.handoffsThisMonth, h.handoffsToday, h.openDeals])).toEqual([
      ['h1', 1, 0, 3],
      ['h2', 2, 2, 0],
      ['h3', 1, 1, 0],
    ]);
  });

  it('a demo guru’s held, moved-forward demo goes to the fairest hunter under the caps; any other demo stays', () => {
    const picked = hunterHandoff(demo(), candidates, { at: AT, segment: 'smb', seed: 3 });
    expect(picked?.pool.map((p) => p.aeId)).toEqual(['h1', 'h3']);
    expect(['h1', 'h3']).toContain(picked?.hunterId);
    expect(hunterHandoff(demo({ movedForward: false }), candidates, { at: AT, segment: 'smb', seed: 3 })).toBeNull();
    expect(hunterHandoff(demo({ status: 'booked' }), candidates, { at: AT, segment: 'smb', seed: 3 })).toBeNull();
    expect(hunterHandoff(demo({ ae: rosterAe('h9', { role: 'hunter' }) }), candidates, { at: AT, segment: 'smb', seed: 3 })).toBeNull();
  });
});
