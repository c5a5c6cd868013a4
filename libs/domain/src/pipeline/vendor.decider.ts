import { unknownCommand, type Decider } from '../shared/decider';
import { seedFrom } from '../shared/seeded-random';
import { PipelineError } from './pipeline.errors';
import type { VendorEvent } from './vendor.events';
import { vendorTest, type VendorTestChoice, type VendorTestInput } from './vendor-test';

export type VendorState =
  | { readonly status: 'new'; readonly listIds: readonly string[] }
  | {
      readonly status: 'sampling';
      readonly listIds: readonly string[];
      readonly sampleLeadIds: readonly string[];
      readonly heldLeadIds: readonly string[];
    }
  | { readonly status: 'approved' | 'rejected'; readonly listIds: readonly string[] };

export type VendorCommand =
  | { type: 'ReceiveList'; data: { vendorId: string; listId: string; leadIds: readonly string[]; sampleSize: number; at: string } }
  | {
      type: 'DecideVendor';
      data: {
        vendorId: string;
        sampleConversions: number;
        historicalConversions: number;
        historicalSize: number;
        alpha: number;
        test: VendorTestChoice;
        at: string;
      };
    };

/**
 * The sample of a new vendor's first list: the `size` leads with the smallest FNV-1a hash of
 * `listId:leadId`, so the pick is spread over the list (not its first rows, which vendors may
 * sort by quality) yet replayable. Returned in list order.
 */
export function selectSample(listId: string, leadIds: readonly string[], size: number): string[] {
  if (size >= leadIds.length) return [...leadIds];
  const picked = new Set(
    [...leadIds].sort((x, y) => seedFrom(`${listId}:${x}`) - seedFrom(`${listId}:${y}`) || (x < y ? -1 : x > y ? 1 : 0)).slice(0, size),
  );
  return leadIds.filter((id) => picked.has(id));
}

function receive(command: Extract<VendorCommand, { type: 'ReceiveList' }>['data'], state: VendorState): VendorEvent[] {
  const { vendorId, listId, leadIds, sampleSize, at } = command;
  if (state.listIds.includes(listId))
    throw new PipelineError('list-already-received', `list ${listId} of vendor ${vendorId} was already received`);
  if (leadIds.length === 0) throw new PipelineError('invalid-list', 'a list needs at least one lead');
  if (new Set(leadIds).size !== leadIds.length) throw new PipelineError('invalid-list', 'a list names each lead once');
  if (!(Number.isInteger(sampleSize) && sampleSize >= 1))
    throw new PipelineError('invalid-list', 'the sample size must be a positive integer');
  const received = (sample: readonly string[]): VendorEvent => ({
    type: 'VendorListReceived',
    data: { vendorId, listId, leadIds, sampleLeadIds: sample, at },
  });
  switch (state.status) {
    case 'new': {
      const sample = selectSample(listId, leadIds, sampleSize);
      return [received(sample), { type: 'VendorLeadsReleased', data: { vendorId, leadIds: sample, at } }];
    }
    case 'sampling':
      return [received([])];
    case 'approved':
      return [received([]), { type: 'VendorLeadsReleased', data: { vendorId, leadIds, at } }];
    case 'rejected':
      return [received([]), { type: 'VendorLeadsArchived', data: { vendorId, leadIds, at } }];
  }
}

function decide(command: VendorCommand, state: VendorState): VendorEvent[] {
  switch (command.type) {
    case 'ReceiveList':
      return receive(command.data, state);
    case 'DecideVendor': {
      const { vendorId, sampleConversions, historicalConversions, historicalSize, alpha, test, at } = command.data;
      if (state.status !== 'sampling')
        throw new PipelineError('vendor-not-sampling', `vendor ${vendorId} has no sample awaiting a decision (${state.status})`);
      const input: VendorTestInput = { sampleConversions, sampleSize: state.sampleLeadIds.length, historicalConversions, historicalSize };
      const result = vendorTest(input, { alpha, test });
      const decided: VendorEvent = {
        type: 'VendorDecided',
        data: { vendorId, approved: result.approved, test: result.test, ...input, pValue: result.pValue, threshold: alpha, at },
      };
      if (state.heldLeadIds.length === 0) return [decided];
      const leadIds = state.heldLeadIds;
      return [
        decided,
        result.approved
          ? { type: 'VendorLeadsReleased', data: { vendorId, leadIds, at } }
          : { type: 'VendorLeadsArchived', data: { vendorId, leadIds, at } },
      ];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: VendorState, event: VendorEvent): VendorState {
  switch (event.type) {
    case 'VendorListReceived': {
      const listIds = [...state.listIds, event.data.listId];
      if (state.status === 'new') {
        const sample = new Set(event.data.sampleLeadIds);
        return {
          status: 'sampling',
          listIds,
          sampleLeadIds: event.data.sampleLeadIds,
          heldLeadIds: event.data.leadIds.filter((id) => !sample.has(id)),
        };
      }
      if (state.status === 'sampling') return { ...state, listIds, heldLeadIds: [...state.heldLeadIds, ...event.data.leadIds] };
      return { ...state, listIds };
    }
    case 'VendorDecided':
      return { status: event.data.approved ? 'approved' : 'rejected', listIds: state.listIds };
    default:
      return state;
  }
}

export const vendorDecider: Decider<VendorState, VendorCommand, VendorEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'new', listIds: [] }),
};
