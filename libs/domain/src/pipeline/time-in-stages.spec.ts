import { moved, opened, win } from './opportunity.fixtures';
import type { OpportunityEvent } from './opportunity.events';
import { timeInStages } from './time-in-stages';

describe('time in stages', () => {
  const H = 3_600_000;
  const history: OpportunityEvent[] = [
    opened,
    moved('discovery', 'demo', '2026-03-02T12:00:00.000Z'),
    moved('demo', 'negotiation', '2026-03-02T15:00:00.000Z'),
    moved('negotiation', 'proposal', '2026-03-02T19:00:00.000Z'),
    moved('proposal', 'negotiation', '2026-03-02T20:00:00.000Z'),
  ];

  it('each stage runs from the event that entered it to the next; a revisited stage adds up', () => {
    const won: OpportunityEvent = {
      type: 'OpportunityWon',
      data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', ...win, at: '2026-03-02T22:00:00.000Z' },
    };
    expect(timeInStages([...history, won])).toEqual({ discovery: 2 * H, demo: 3 * H, proposal: 1 * H, negotiation: 6 * H });
  });

  it('the open stage counts up to asOf, and not at all without it', () => {
    expect(timeInStages(history, '2026-03-02T21:00:00.000Z').negotiation).toBe(5 * H);
    expect(timeInStages(history).negotiation).toBe(4 * H);
  });

  it('a closed opportunity does not grow with asOf', () => {
    const lost: OpportunityEvent = {
      type: 'OpportunityLost',
      data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', reason: 'x', hopeless: false, at: '2026-03-02T11:00:00.000Z' },
    };
    expect(timeInStages([opened, lost], '2027-01-01T00:00:00.000Z')).toEqual({ discovery: H, demo: 0, proposal: 0, negotiation: 0 });
  });
});
