import type { OpportunityEvent } from './opportunity.events';
import { opportunityDecider, type OpportunityCommand } from './opportunity.decider';
import { PipelineError } from './pipeline.errors';

const given = (events: OpportunityEvent[]) => events.reduce(opportunityDecider.evolve, opportunityDecider.initialState());
const opened: OpportunityEvent = {
  type: 'OpportunityOpened',
  data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', appointmentId: 'a1', at: '2026-03-02T10:00:00.000Z' },
};
const moved = (from: string, to: string, at: string) =>
  ({ type: 'OpportunityStageChanged', data: { opportunityId: 'o1', leadId: 'l1', from, to, at } }) as OpportunityEvent;
const win = {
  amount: 48_000,
  margin: 0.6,
  contractTermMonths: 12,
  renewalDate: '2027-03-20',
  segment: 'smb',
  at: '2026-03-20T10:00:00.000Z',
};
const decideOn = (history: OpportunityEvent[], command: OpportunityCommand) => opportunityDecider.decide(command, given(history));

describe('opportunity decider', () => {
  it('an opened opportunity starts in discovery and moves forward, skipping ahead if need be', () => {
    const events = decideOn([opened], { type: 'ChangeStage', data: { to: 'proposal', at: '2026-03-03T10:00:00.000Z' } });
    expect(events).toEqual([moved('discovery', 'proposal', '2026-03-03T10:00:00.000Z')]);
    expect(given([opened, ...events])).toMatchObject({ status: 'open', stage: 'proposal' });
  });

  it('may step back exactly one stage (negotiation back to proposal)', () => {
    const history = [opened, moved('discovery', 'negotiation', '2026-03-03T10:00:00.000Z')];
    expect(decideOn(history, { type: 'ChangeStage', data: { to: 'proposal', at: '2026-03-04T10:00:00.000Z' } })).toHaveLength(1);
  });

  it.each<[string, OpportunityEvent[], OpportunityCommand, string]>([
    [
      'going back two stages',
      [opened, moved('discovery', 'proposal', '2026-03-03T10:00:00Z')],
      { type: 'ChangeStage', data: { to: 'discovery', at: '2026-03-04T10:00:00Z' } },
      'invalid-stage-change',
    ],
    [
      'a stage change to the same stage',
      [opened],
      { type: 'ChangeStage', data: { to: 'discovery', at: '2026-03-04T10:00:00Z' } },
      'invalid-stage-change',
    ],
    [
      'winning by a stage change',
      [opened],
      { type: 'ChangeStage', data: { to: 'won', at: '2026-03-04T10:00:00Z' } },
      'invalid-stage-change',
    ],
    [
      'a change to an unknown opportunity',
      [],
      { type: 'ChangeStage', data: { to: 'demo', at: '2026-03-04T10:00:00Z' } },
      'opportunity-not-found',
    ],
    [
      'opening twice',
      [opened],
      { type: 'OpenOpportunity', data: opened.data as Extract<OpportunityCommand, { type: 'OpenOpportunity' }>['data'] },
      'opportunity-exists',
    ],
    ['a win without an amount', [opened], { type: 'WinOpportunity', data: { ...win, amount: 0 } }, 'invalid-win'],
    ['a win with a margin above 100%', [opened], { type: 'WinOpportunity', data: { ...win, margin: 1.5 } }, 'invalid-win'],
    [
      'a win with a fractional contract term',
      [opened],
      { type: 'WinOpportunity', data: { ...win, contractTermMonths: 1.5 } },
      'invalid-win',
    ],
    [
      'a win with a renewal date before the win',
      [opened],
      { type: 'WinOpportunity', data: { ...win, renewalDate: '2026-01-01' } },
      'invalid-win',
    ],
    ['a loss without a reason', [opened], { type: 'LoseOpportunity', data: { reason: '  ', hopeless: false, at: win.at } }, 'invalid-loss'],
  ])('rejects %s', (_rule, history, command, code) => {
    expect(() => decideOn(history, command)).toThrow(expect.objectContaining({ code }) as PipelineError);
  });

  it('a win records amount, margin, contract term and renewal date with the owning AE, and closes the opportunity', () => {
    const events = decideOn([opened], { type: 'WinOpportunity', data: win });
    expect(events).toEqual([{ type: 'OpportunityWon', data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', ...win } }]);
    const closed = [opened, ...events];
    expect(() => decideOn(closed, { type: 'ChangeStage', data: { to: 'demo', at: win.at } })).toThrow(
      expect.objectContaining({ code: 'opportunity-closed' }) as PipelineError,
    );
    expect(() => decideOn(closed, { type: 'LoseOpportunity', data: { reason: 'x', hopeless: false, at: win.at } })).toThrow(
      expect.objectContaining({ code: 'opportunity-closed' }) as PipelineError,
    );
  });

  it('a hand-over to a hunter makes the hunter the owner who wins or loses the deal; to the same AE it is a no-op', () => {
    const handOver: OpportunityCommand = {
      type: 'HandOver',
      data: { aeId: 'hunter-9', appointmentId: 'a1', at: '2026-03-03T10:00:00.000Z' },
    };
    const events = decideOn([opened], handOver);
    expect(events).toEqual([
      {
        type: 'OpportunityHandedOver',
        data: { opportunityId: 'o1', leadId: 'l1', fromAeId: 'ae1', aeId: 'hunter-9', appointmentId: 'a1', at: '2026-03-03T10:00:00.000Z' },
      },
    ]);
    expect(decideOn([opened, ...events], { type: 'WinOpportunity', data: win })[0].data).toMatchObject({ aeId: 'hunter-9' });
    expect(decideOn([opened, ...events], handOver)).toEqual([]);
  });

  it('a loss records the reason and the hopeless flag', () => {
    expect(decideOn([opened], { type: 'LoseOpportunity', data: { reason: ' no budget ', hopeless: true, at: win.at } })).toEqual([
      {
        type: 'OpportunityLost',
        data: { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1', reason: 'no budget', hopeless: true, at: win.at },
      },
    ]);
  });
});
