import { isInbound } from '../lead/lead-source';
import { unknownCommand, type Command, type Decider } from '../shared/decider';
import { missingFields } from './completeness.rules';
import { LeadIntakeError } from './lead-intake.errors';
import type { DuplicateMatch, LeadCapture, LeadCaptured, LeadIntakeEvent } from './lead-intake.events';

export type CaptureLead = Command<'CaptureLead', { leadId: string; capture: LeadCapture }>;
export type RecordDuplicateCapture = Command<'RecordDuplicateCapture', { leadId: string; matchedOn: DuplicateMatch; capture: LeadCapture }>;
export type UnmergeDuplicate = Command<
  'UnmergeDuplicate',
  { leadId: string; captureId: string; newLeadId: string; reason: string; unmergedAt: string }
>;
/** Erases the person behind the lead; the store's key destruction makes it so, this records when. */
export type ErasePerson = Command<'ErasePerson', { leadId: string; erasedAt: string }>;
export type LeadIntakeCommand = CaptureLead | RecordDuplicateCapture | UnmergeDuplicate | ErasePerson;

/** How each capture of the lead stands: the one that created it, merged duplicates, and unmerged ones. */
export type CaptureStanding = 'primary' | 'merged' | 'unmerged';

export type LeadIntakeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'captured';
      readonly leadId: string;
      readonly captures: Readonly<Record<string, { readonly standing: CaptureStanding; readonly capture: LeadCapture }>>;
      /** When the person was erased: their captures' personal fields are gone. */
      readonly erasedAt?: string;
    };

function decide(command: LeadIntakeCommand, state: LeadIntakeState): LeadIntakeEvent[] {
  switch (command.type) {
    case 'CaptureLead': {
      const { leadId, capture } = command.data;
      if (state.status === 'captured') {
        if (state.captures[capture.captureId]) return [];
        throw new LeadIntakeError('lead-exists', `Lead ${leadId} already exists`);
      }
      const missing = missingFields(capture);
      const captured: LeadCaptured = { type: 'LeadCaptured', data: { ...capture, leadId, inbound: isInbound(capture.source) } };
      return missing.length === 0 ? [captured] : [captured, { type: 'LeadFlaggedIncomplete', data: { leadId, missing } }];
    }
    case 'RecordDuplicateCapture': {
      const { leadId, matchedOn, capture } = command.data;
      if (state.status !== 'captured') throw new LeadIntakeError('lead-not-found', `Lead ${leadId} does not exist`);
      if (state.captures[capture.captureId]) return [];
      return [{ type: 'LeadDuplicateCaptured', data: { leadId, matchedOn, capture } }];
    }
    case 'UnmergeDuplicate': {
      const { leadId, captureId, newLeadId, reason, unmergedAt } = command.data;
      if (state.status !== 'captured') throw new LeadIntakeError('lead-not-found', `Lead ${leadId} does not exist`);
      const entry = state.captures[captureId];
      if (entry?.standing === 'unmerged') return [];
      if (state.erasedAt) throw new LeadIntakeError('person-erased', `Lead ${leadId} was erased: its captures cannot become leads`);
      if (entry?.standing !== 'merged') {
        throw new LeadIntakeError('capture-not-merged', `Capture ${captureId} is not a merged duplicate of lead ${leadId}`);
      }
      return [{ type: 'LeadDuplicateUnmerged', data: { leadId, captureId, newLeadId, reason, unmergedAt } }];
    }
    case 'ErasePerson': {
      const { leadId, erasedAt } = command.data;
      if (state.status !== 'captured') throw new LeadIntakeError('lead-not-found', `Lead ${leadId} does not exist`);
      if (state.erasedAt) return [];
      return [{ type: 'PersonErased', data: { leadId, erasedAt } }];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: LeadIntakeState, event: LeadIntakeEvent): LeadIntakeState {
  switch (event.type) {
    case 'LeadCaptured':
      return {
        status: 'captured',
        leadId: event.data.leadId,
        captures: { [event.data.captureId]: { standing: 'primary', capture: stripLead(event.data) } },
      };
    case 'LeadDuplicateCaptured':
      if (state.status !== 'captured') return state;
      return {
        ...state,
        captures: { ...state.captures, [event.data.capture.captureId]: { standing: 'merged', capture: event.data.capture } },
      };
    case 'LeadDuplicateUnmerged': {
      if (state.status !== 'captured') return state;
      const entry = state.captures[event.data.captureId];
      if (!entry) return state;
      return { ...state, captures: { ...state.captures, [event.data.captureId]: { ...entry, standing: 'unmerged' } } };
    }
    case 'LeadFlaggedIncomplete':
      return state;
    case 'PersonErased':
      return state.status === 'captured' ? { ...state, erasedAt: event.data.erasedAt } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function stripLead(data: LeadCaptured['data']): LeadCapture {
  const { leadId: _leadId, inbound: _inbound, personalData: _personalData, ...capture } = data;
  return capture;
}

export const leadIntakeDecider: Decider<LeadIntakeState, LeadIntakeCommand, LeadIntakeEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
