import { foldEvents } from '../shared/decider';
import { DeciderSpecification } from '../testing/decider-specification';
import { PipelineError, type PipelineErrorCode } from './pipeline.errors';
import { selectSample, vendorDecider, type VendorCommand } from './vendor.decider';
import type { VendorEvent } from './vendor.events';

const AT = '2026-03-02T10:00:00.000Z';
const given = DeciderSpecification.for(vendorDecider);
const leads = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const receive = (listId: string, leadIds: string[], sampleSize = 4): VendorCommand => ({
  type: 'ReceiveList',
  data: { vendorId: 'v1', listId, leadIds, sampleSize, at: AT },
});
const decideVendor = (sampleConversions: number): VendorCommand => ({
  type: 'DecideVendor',
  data: { vendorId: 'v1', sampleConversions, historicalConversions: 40, historicalSize: 100, alpha: 0.05, test: 'fisher', at: AT },
});
const received = (listId: string, leadIds: string[], sampleLeadIds: string[]): VendorEvent => ({
  type: 'VendorListReceived',
  data: { vendorId: 'v1', listId, leadIds, sampleLeadIds, at: AT },
});
const released = (leadIds: readonly string[]): VendorEvent => ({ type: 'VendorLeadsReleased', data: { vendorId: 'v1', leadIds, at: AT } });
const archived = (leadIds: readonly string[]): VendorEvent => ({ type: 'VendorLeadsArchived', data: { vendorId: 'v1', leadIds, at: AT } });
/** A decision as history: what follows depends on `approved` only. */
const decided = (approved: boolean): VendorEvent => ({
  type: 'VendorDecided',
  data: {
    vendorId: 'v1',
    approved,
    test: 'fisher-exact-one-sided',
    sampleConversions: approved ? 4 : 3,
    sampleSize: 20,
    historicalConversions: 40,
    historicalSize: 100,
    pValue: approved ? 0.1 : 0.01,
    threshold: 0.05,
    at: AT,
  },
});

describe('vendor decider', () => {
  const list = leads('a', 30);
  const sample = selectSample('l1', list, 20);
  const held = list.filter((id) => !sample.includes(id));
  const firstList = [received('l1', list, sample), released(sample)];

  it("a new vendor's first list releases a sample of the configured size and holds the rest", () => {
    given([])
      .when(receive('l1', list, 20))
      .then(firstList);
    expect(sample).toHaveLength(20);
    expect(foldEvents(vendorDecider, firstList)).toMatchObject({ status: 'sampling', heldLeadIds: held });
  });

  it('the sample is spread over the list and the same for the same list', () => {
    expect(selectSample('l1', list, 10)).toEqual(selectSample('l1', list, 10));
    expect(selectSample('l1', list, 10)).not.toEqual(list.slice(0, 10));
  });

  it('a further list while the sample is out is held entirely', () => {
    const further = received('l2', leads('b', 5), []);
    given(firstList)
      .when(receive('l2', leads('b', 5)))
      .then([further]);
    expect(foldEvents(vendorDecider, [...firstList, further])).toMatchObject({
      heldLeadIds: expect.arrayContaining(leads('b', 5)) as string[],
    });
  });

  it('4 of 20 against 40/100 is not significantly below: approved, the held leads released', () => {
    given(firstList)
      .when(decideVendor(4))
      .then((events) => {
        expect(events[0]).toMatchObject({
          type: 'VendorDecided',
          data: {
            approved: true,
            test: 'fisher-exact-one-sided',
            sampleConversions: 4,
            sampleSize: 20,
            historicalConversions: 40,
            historicalSize: 100,
            threshold: 0.05,
          },
        });
        expect(events.slice(1)).toEqual([released(held)]);
      });
    expect(held).toHaveLength(10);
  });

  it('3 of 20 against 40/100 is significantly below: rejected, the held leads archived', () => {
    given(firstList)
      .when(decideVendor(3))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['VendorDecided', 'VendorLeadsArchived']);
        expect(events[0].data).toMatchObject({ approved: false, pValue: expect.closeTo(0.02635, 5) as number });
      });
  });

  it('after the decision, lists of an approved vendor are released whole and those of a rejected vendor archived', () => {
    given([...firstList, decided(true), released(held)])
      .when(receive('l3', ['x']))
      .then([received('l3', ['x'], []), released(['x'])]);
    given([...firstList, decided(false), archived(held)])
      .when(receive('l3', ['x']))
      .then([received('l3', ['x'], []), archived(['x'])]);
  });

  it.each<[string, VendorEvent[], VendorCommand, PipelineErrorCode]>([
    ['the same list twice', firstList, receive('l1', ['z']), 'list-already-received'],
    ['an empty list', [], receive('l1', []), 'invalid-list'],
    ['a list naming a lead twice', [], receive('l1', ['a', 'a']), 'invalid-list'],
    ['a decision without a sample', [], decideVendor(0), 'vendor-not-sampling'],
  ])('rejects %s', (_rule, history, command, code) => {
    given(history).when(command).thenThrows(PipelineError, code);
  });
});
