import { DeciderSpecification } from '../testing/decider-specification';
import { nurtureDecider, NO_PROGRESS_REASON, oneYearAfter, type NurtureCommand } from './nurture.decider';
import type { NurtureEvent } from './nurture.events';
import { PipelineError, type PipelineErrorCode } from './pipeline.errors';

const AT = '2026-03-02T10:00:00.000Z';
const given = DeciderSpecification.for(nurtureDecider);
const nurture = (returnBy: string, at = AT): NurtureCommand => ({
  type: 'NurtureProspect',
  data: { leadId: 'l1', originalAeId: 'hunter-1', returnBy, reason: 'budget next year', at },
});
const nurtured: NurtureEvent = {
  type: 'ProspectNurtured',
  data: { leadId: 'l1', originalAeId: 'hunter-1', returnBy: '2026-09-01T00:00:00.000Z', reason: 'budget next year', at: AT },
};

describe('nurture decider', () => {
  it('a prospect goes to the hugger queue with a return date up to exactly one year out', () => {
    given([])
      .when(nurture('2027-03-02T10:00:00.000Z'))
      .then([{ type: 'ProspectNurtured', data: { ...nurtured.data, returnBy: '2027-03-02T10:00:00.000Z' } }]);
  });

  it.each<[string, NurtureEvent[], NurtureCommand, PipelineErrorCode]>([
    ['a return date later than one year out', [], nurture('2027-03-02T10:00:00.001Z'), 'invalid-nurture'],
    ['a return date in the past', [], nurture('2026-03-01T00:00:00.000Z'), 'invalid-nurture'],
    ['nurturing a prospect already in nurture', [nurtured], nurture('2026-06-01T00:00:00.000Z'), 'already-nurtured'],
    ['returning a prospect not in nurture', [], { type: 'ReturnFromNurture', data: { leadId: 'l1', at: AT } }, 'not-nurtured'],
  ])('rejects %s', (_rule, history, command, code) => {
    given(history).when(command).thenThrows(PipelineError, code);
  });

  it('returns the prospect to the ORIGINAL account executive recorded when it was nurtured', () => {
    given([nurtured])
      .when({ type: 'ReturnFromNurture', data: { leadId: 'l1', at: '2026-08-01T00:00:00.000Z' } })
      .then([{ type: 'ProspectReturnedFromNurture', data: { leadId: 'l1', aeId: 'hunter-1', at: '2026-08-01T00:00:00.000Z' } }]);
  });

  it('a year without progress recycles the prospect, available to outbound SDRs after the cool-off', () => {
    const at = oneYearAfter(AT);
    given([nurtured])
      .when({ type: 'RecycleWithoutProgress', data: { leadId: 'l1', nurturedAt: AT, coolOffDays: 30, at } })
      .then([
        { type: 'LeadRecycled', data: { leadId: 'l1', reason: NO_PROGRESS_REASON, availableToOutboundAt: '2027-04-01T10:00:00.000Z', at } },
      ]);
  });

  it('the year timer does nothing once the prospect returned, or for an earlier nurture', () => {
    const returned: NurtureEvent = {
      type: 'ProspectReturnedFromNurture',
      data: { leadId: 'l1', aeId: 'hunter-1', at: '2026-08-01T00:00:00.000Z' },
    };
    const recycle: NurtureCommand = {
      type: 'RecycleWithoutProgress',
      data: { leadId: 'l1', nurturedAt: AT, coolOffDays: 30, at: oneYearAfter(AT) },
    };
    given([nurtured, returned]).when(recycle).thenNothingHappened();
    const again: NurtureEvent = {
      ...nurtured,
      data: { ...nurtured.data, at: '2026-09-01T00:00:00.000Z', returnBy: '2027-01-01T00:00:00.000Z' },
    } as NurtureEvent;
    given([nurtured, returned, again]).when(recycle).thenNothingHappened();
  });

  it('a hopeless loss recycles with the loss reason', () => {
    given([])
      .when({ type: 'RecycleHopeless', data: { leadId: 'l1', reason: 'went bankrupt', coolOffDays: 0, at: AT } })
      .then([{ type: 'LeadRecycled', data: { leadId: 'l1', reason: 'hopeless: went bankrupt', availableToOutboundAt: AT, at: AT } }]);
  });

  it('one year after 29 February is 1 March', () => {
    expect(oneYearAfter('2028-02-29T12:00:00.000Z')).toBe('2029-03-01T12:00:00.000Z');
  });
});
