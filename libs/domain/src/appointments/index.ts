export type * from './appointments.events';
export { AppointmentsError, type AppointmentsErrorCode } from './appointments.errors';
export {
  AE_ROLES,
  DEFAULT_ROSTER,
  aeDecider,
  aeProfileProblems,
  type AeCommand,
  type AeState,
  type AeTimeOff,
  type NewAeProfile,
  type RosterDefaults,
} from './ae.decider';
export { BookingBook, type BusyEntry, type RosterAe, type TimeRange } from './booking-book';
export { coversSegment, eligiblePool, peerGroupKey, strictMoveAllowed, strictlyAllowed } from './eligible-pool';
export { candidateTimes, offerSlots, type OfferedSlot, type PreferredWindow, type SlotSearch } from './slot-search';
export {
  BOOKING_POLICY_VERSION,
  allocate,
  fairPick,
  handoverTarget,
  rescheduleTarget,
  type Allocation,
  type BookingRequest,
  type HandoverRequest,
} from './fair-allocation';
export { pickSalesEngineer } from './sales-engineer-pick';
export {
  handoffsSince,
  hunterHandoff,
  hunterStandings,
  pickHunter,
  type HandoffRecord,
  type HunterCandidates,
  type HunterStanding,
} from './hunter-pick';
export { decideHandover, handoverProblems, type ExplicitHandover, type HandoverProblem, type HandoverRule } from './handover-rules';
export { liveAppointmentOf, type LeadAppointment, type LeadStanding } from './lead-cycle';
export {
  CALENDAR_STATUSES,
  CREDIT_RETURNING_STATUSES,
  creditHolder,
  creditMonthOf,
  monthToDateCredits,
  salesEngineerCredited,
} from './appointment-credits';
export {
  appointmentDecider,
  foldAppointment,
  reminderLabel,
  requireBookable,
  type AppointmentCommand,
  type AppointmentState,
  type AppointmentStatus,
} from './appointment.decider';
