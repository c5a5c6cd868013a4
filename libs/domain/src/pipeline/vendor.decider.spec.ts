import type { VendorEvent } from './vendor.events';
import { PipelineError } from './pipeline.errors';
import { selectSample, vendorDecider, type VendorCommand } from './vendor.decider';

const AT = '2026-03-02T10:00:00.000Z';
const given = (events: VendorEvent[]) => events.reduce(vendorDecider.evolve, vendorDecider.initialState());
const leads = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const receive = (listId: string, leadIds: string[], sampleSize = 4): VendorCommand => ({
  type: 'ReceiveList',
  data: { vendorId: 'v1', listId, leadIds, sampleSize, at: AT },
});
const decideVendor = (sampleConversions: number): VendorCommand => ({
  type: 'DecideVendor',
  data: { vendorId: 'v1', sampleConversions, historicalConversions: 40, historicalSize: 100, alpha: 0.05, test: 'fisher', at: AT },
});

describe('vendor decider', () => {
  const list = leads('a', 30);
  const firstList = vendorDecider.decide(receive('l1', list, 20), given([]));

  it("a new vendor's first list releases a sample of the configured size and holds the rest", () => {
    const [received, released] = firstList;
    expect(received).toMatchObject({ type: 'VendorListReceived', data: { listId: 'l1', leadIds: list } });
    const sample = (received as Extract<VendorEvent, { type: 'VendorListReceived' }>).data.sampleLeadIds;
    expect(sample).toHaveLength(20);
    expect(released).toEqual({ type: 'VendorLeadsReleased', data: { vendorId: 'v1', leadIds: sample, at: AT } });
    expect(given(firstList)).toMatchObject({ status: 'sampling', heldLeadIds: list.filter((id) => !sample.includes(id)) });
  });

  it('the sample is spread over the list and the same for the same list', () => {
    expect(selectSample('l1', list, 10)).toEqual(selectSample('l1', list, 10));
    expect(selectSample('l1', list, 10)).not.toEqual(list.slice(0, 10));
  });

  it('a further list while the sample is out is held entirely', () => {
    const events = vendorDecider.decide(receive('l2', leads('b', 5)), given(firstList));
    expect(events).toEqual([
      { type: 'VendorListReceived', data: { vendorId: 'v1', listId: 'l2', leadIds: leads('b', 5), sampleLeadIds: [], at: AT } },
    ]);
    expect(given([...firstList, ...events])).toMatchObject({ heldLeadIds: expect.arrayContaining(leads('b', 5)) as string[] });
  });

  it('4 of 20 against 40/100 is not significantly below: approved, the held leads released', () => {
    const events = vendorDecider.decide(decideVendor(4), given(firstList));
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
    const held = (given(firstList) as Extract<ReturnType<typeof given>, { status: 'sampling' }>).heldLeadIds;
    expect(events[1]).toEqual({ type: 'VendorLeadsReleased', data: { vendorId: 'v1', leadIds: held, at: AT } });
    expect(held).toHaveLength(10);
  });

  it('3 of 20 against 40/100 is significantly below: rejected, the held leads archived', () => {
    const events = vendorDecider.decide(decideVendor(3), given(firstList));
    expect(events.map((e) => e.type)).toEqual(['VendorDecided', 'VendorLeadsArchived']);
    expect(events[0].data).toMatchObject({ approved: false, pValue: expect.closeTo(0.02635, 5) as number });
  });

  it('after the decision, lists of an approved vendor are released whole and those of a rejected vendor archived', () => {
    const approved = [...firstList, ...vendorDecider.decide(decideVendor(4), given(firstList))];
    expect(vendorDecider.decide(receive('l3', ['x']), given(approved)).map((e) => e.type)).toEqual([
      'VendorListReceived',
      'VendorLeadsReleased',
    ]);
    const rejected = [...firstList, ...vendorDecider.decide(decideVendor(3), given(firstList))];
    expect(vendorDecider.decide(receive('l3', ['x']), given(rejected)).map((e) => e.type)).toEqual([
      'VendorListReceived',
      'VendorLeadsArchived',
    ]);
  });

  it.each<[string, VendorEvent[], VendorCommand, string]>([
    ['the same list twice', firstList, receive('l1', ['z']), 'list-already-received'],
    ['an empty list', [], receive('l1', []), 'invalid-list'],
    ['a list naming a lead twice', [], receive('l1', ['a', 'a']), 'invalid-list'],
    ['a decision without a sample', [], decideVendor(0), 'vendor-not-sampling'],
  ])('rejects %s', (_rule, history, command, code) => {
    expect(() => vendorDecider.decide(command, given(history))).toThrow(expect.objectContaining({ code }) as PipelineError);
  });
});
