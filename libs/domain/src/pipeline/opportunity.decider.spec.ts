import { foldEvents } from '../shared/decider';
import { DeciderSpecification } from '../testing/decider-specification';
import { opportunityDecider, type OpportunityCommand } from './opportunity.decider';
import { moved, opened, win } from './opportunity.fixtures';
import type { OpportunityEvent } from './opportunity.events';
import { PipelineError, type PipelineErrorCode } from './pipeline.errors';

const given = DeciderSpecification.for(opportunityDecider);
const owner = { opportunityId: 'o1', leadId: 'l1', aeId: 'ae1' };

describe('opportunity decider', () => {
  it('an opened opportunity starts in discovery and moves forward, skipping ahead if need be', () => {
    const proposal = moved('discovery', 'proposal', '2026-03-03T10:00:00.000Z');
    given([opened])
      .when({ type: 'ChangeStage', data: { to: 'proposal', at: '2026-03-03T10:00:00.000Z' } })
      .then([proposal]);
    expect(foldEvents(opportunityDecider, [opened, proposal])).toMatchObject({ status: 'open', stage: 'proposal' });
  });

  it('may step back exactly one stage (negotiation back to proposal)', () => {
    given([opened, moved('discovery', 'negotiation', '2026-03-03T10:00:00.000Z')])
      .when({ type: 'ChangeStage', data: { to: 'proposal', at: '2026-03-04T10:00:00.000Z' } })
      .then([moved('negotiation', 'proposal', '2026-03-04T10:00:00.000Z')]);
  });

  it.each<[string, OpportunityEvent[], OpportunityCommand, PipelineErrorCode]>([
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
    ['opening twice', [opened], { type: 'OpenOpportunity', data: opened.data }, 'opportunity-exists'],
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
    given(history).when(command).thenThrows(PipelineError, code);
  });

  it('a win records amount, margin, contract term and renewal date with the owning AE, and closes the opportunity', () => {
    const won: OpportunityEvent = { type: 'OpportunityWon', data: { ...owner, ...win } };
    given([opened]).when({ type: 'WinOpportunity', data: win }).then([won]);
    given([opened, won])
      .when({ type: 'ChangeStage', data: { to: 'demo', at: win.at } })
      .thenThrows(PipelineError, 'opportunity-closed');
    given([opened, won])
      .when({ type: 'LoseOpportunity', data: { reason: 'x', hopeless: false, at: win.at } })
      .thenThrows(PipelineError, 'opportunity-closed');
  });

  it('a hand-over to a hunter makes the hunter the owner who wins or loses the deal; to the same AE it is a no-op', () => {
    const handOver: OpportunityCommand = {
      type: 'HandOver',
      data: { aeId: 'hunter-9', appointmentId: 'a1', at: '2026-03-03T10:00:00.000Z' },
    };
    const handedOver: OpportunityEvent = {
      type: 'OpportunityHandedOver',
      data: { ...owner, fromAeId: 'ae1', aeId: 'hunter-9', appointmentId: 'a1', at: '2026-03-03T10:00:00.000Z' },
    };
    given([opened]).when(handOver).then([handedOver]);
    given([opened, handedOver])
      .when({ type: 'WinOpportunity', data: win })
      .then([{ type: 'OpportunityWon', data: { ...owner, aeId: 'hunter-9', ...win } }]);
    given([opened, handedOver]).when(handOver).thenNothingHappened();
  });

  it('a loss records the reason and the hopeless flag', () => {
    given([opened])
      .when({ type: 'LoseOpportunity', data: { reason: ' no budget ', hopeless: true, at: win.at } })
      .then([{ type: 'OpportunityLost', data: { ...owner, reason: 'no budget', hopeless: true, at: win.at } }]);
  });
});
