import type { AeEvent, AppointmentEvent } from '../appointments/appointments.events';
import type { LeadEnriched } from '../enrichment/enrichment.events';
import type { LeadCaptured } from '../intake/lead-intake.events';
import type { OpportunityEvent } from '../pipeline/opportunity.events';
import type { AssignmentEvent, SdrEvent } from '../routing/routing.events';
import type { LeadScored } from '../scoring/scoring.events';

/** Every recorded event the lab reads: captures, enrichments, scores, the SDR and AE rosters, assignments, work, bookings and deals. */
export type LabEvent =
  LeadCaptured | LeadEnriched | LeadScored | SdrEvent | AssignmentEvent | AeEvent | AppointmentEvent | OpportunityEvent;

/** One recorded event with its id, in the order of the store's global log: the lab replays history in that order. */
export interface LabRecord {
  readonly id: string;
  readonly event: LabEvent;
}

/** Every event type the lab reads: the history reader asks the store's log for these. */
export const LAB_EVENT_TYPES: readonly LabEvent['type'][] = [
  'LeadCaptured',
  'LeadEnriched',
  'LeadScored',
  'SdrRegistered',
  'SdrUpdated',
  'SdrTimeOffScheduled',
  'LeadAssigned',
  'LeadReassigned',
  'ActivityLogged',
  'LeadQualified',
  'LeadDisqualified',
  'LeadReopenedForOutbound',
  'AeRegistered',
  'AeUpdated',
  'AeTimeOffScheduled',
  'AppointmentBooked',
  'AppointmentRescheduled',
  'AppointmentCancelled',
  'AppointmentNoShow',
  'OpportunityOpened',
  'OpportunityWon',
  'OpportunityLost',
];
const LAB_EVENT_TYPE_SET: ReadonlySet<string> = new Set(LAB_EVENT_TYPES);

/** Whether a recorded event's type is one the lab reads (the store holds many more). */
export function isLabEventType(type: string): type is LabEvent['type'] {
  return LAB_EVENT_TYPE_SET.has(type);
}
