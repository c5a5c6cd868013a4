import { addDays } from '../shared/calendar';
import { unknownCommand, type Decider } from '../shared/decider';
import type { LeadRecycled, NurtureEvent, ProspectNurtured } from './nurture.events';
import { PipelineError } from './pipeline.errors';

export type NurtureState =
  | { readonly status: 'none' }
  | {
      readonly status: 'nurtured';
      readonly leadId: string;
      readonly originalAeId: string;
      readonly returnBy: string;
      readonly nurturedAt: string;
    }
  | { readonly status: 'returned'; readonly leadId: string; readonly aeId: string }
  | { readonly status: 'recycled'; readonly leadId: string; readonly availableToOutboundAt: string };

export type NurtureCommand =
  | { type: 'NurtureProspect'; data: ProspectNurtured['data'] }
  | { type: 'ReturnFromNurture'; data: { leadId: string; at: string } }
  /** The year timer fired: recycle if the prospect still waits in the nurture that started at `nurturedAt`. */
  | { type: 'RecycleWithoutProgress'; data: { leadId: string; nurturedAt: string; coolOffDays: number; at: string } }
  | { type: 'RecycleHopeless'; data: { leadId: string; reason: string; coolOffDays: number; at: string } };

export const NO_PROGRESS_REASON = 'no progress within a year of nurture';

/** The same instant one calendar year later (UTC); 29 February rolls to 1 March. */
export function oneYearAfter(at: string): string {
  const date = new Date(at);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString();
}

export function availableToOutboundAt(at: string, coolOffDays: number): string {
  return addDays(at, coolOffDays);
}

function recycled(leadId: string, reason: string, coolOffDays: number, at: string): LeadRecycled {
  return { type: 'LeadRecycled', data: { leadId, reason, availableToOutboundAt: availableToOutboundAt(at, coolOffDays), at } };
}

function decide(command: NurtureCommand, state: NurtureState): NurtureEvent[] {
  switch (command.type) {
    case 'NurtureProspect': {
      const { leadId, originalAeId, returnBy, reason, at } = command.data;
      if (state.status === 'nurtured') throw new PipelineError('already-nurtured', `lead ${leadId} is already in nurture`);
      const due = Date.parse(returnBy);
      if (!Number.isFinite(due) || due <= Date.parse(at)) throw new PipelineError('invalid-nurture', 'the return date must be after today');
      if (due > Date.parse(oneYearAfter(at)))
        throw new PipelineError('invalid-nurture', 'the return date must be no later than one year out');
      if (!originalAeId.trim()) throw new PipelineError('invalid-nurture', 'the original account executive is required');
      if (!reason.trim()) throw new PipelineError('invalid-nurture', 'a reason is required');
      return [
        { type: 'ProspectNurtured', data: { leadId, originalAeId, returnBy: new Date(due).toISOString(), reason: reason.trim(), at } },
      ];
    }
    case 'ReturnFromNurture':
      if (state.status !== 'nurtured') throw new PipelineError('not-nurtured', `lead ${command.data.leadId} is not in nurture`);
      // Always the AE recorded when the prospect was nurtured: nobody else gets the prospect back.
      return [{ type: 'ProspectReturnedFromNurture', data: { leadId: state.leadId, aeId: state.originalAeId, at: command.data.at } }];
    case 'RecycleWithoutProgress': {
      const { leadId, nurturedAt, coolOffDays, at } = command.data;
      if (state.status !== 'nurtured' || state.nurturedAt !== nurturedAt) return [];
      return [recycled(leadId, NO_PROGRESS_REASON, coolOffDays, at)];
    }
    case 'RecycleHopeless': {
      const { leadId, reason, coolOffDays, at } = command.data;
      return [recycled(leadId, `hopeless: ${reason}`, coolOffDays, at)];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: NurtureState, event: NurtureEvent): NurtureState {
  switch (event.type) {
    case 'ProspectNurtured': {
      const { leadId, originalAeId, returnBy, at } = event.data;
      return { status: 'nurtured', leadId, originalAeId, returnBy, nurturedAt: at };
    }
    case 'ProspectReturnedFromNurture':
      return { status: 'returned', leadId: event.data.leadId, aeId: event.data.aeId };
    case 'LeadRecycled':
      return { status: 'recycled', leadId: event.data.leadId, availableToOutboundAt: event.data.availableToOutboundAt };
    default:
      return state;
  }
}

export const nurtureDecider: Decider<NurtureState, NurtureCommand, NurtureEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
