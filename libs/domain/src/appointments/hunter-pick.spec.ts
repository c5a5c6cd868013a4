import { rosterAe } from './appointments.fixtures';
import { pickHunter } from './hunter-pick';

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
