export type * from './routing.events';
export { RoutingError, type RoutingErrorCode } from './routing.errors';
export { DEFAULT_FIRST_TOUCH_SLA, firstTouchDueAt, firstTouchMinutes, type FirstTouchSlaPolicy } from './first-touch-sla';
export {
  DEFAULT_WEEKLY_CAPACITY,
  profileProblems,
  sdrDecider,
  type NewSdrProfile,
  type SdrCommand,
  type SdrState,
  type TimeOff,
} from './sdr.decider';
export {
  ACTIVE_ROUTING_POLICY,
  INBOUND_POLICY,
  LOAD_MEASURES,
  OUTBOUND_POLICY,
  routingPolicyProblems,
  ruleById,
  ruleFor,
  type LoadMeasure,
  type RoutingPolicy,
  type TeamRoutingRule,
} from './routing-policy';
export {
  decideAssignment,
  exclusionReason,
  explainDecision,
  isOnShift,
  rankPool,
  replayDecision,
  type AssignmentRequest,
  type SdrCandidate,
} from './assignment.policy';
export {
  DEFAULT_ESCALATION,
  assignmentDecider,
  foldAssignment,
  type AssignmentCommand,
  type AssignmentState,
  type EscalationPolicy,
} from './assignment.decider';
export * from './assignment-routing';
export { scoredVendorLeadResponse, settledVendorLeadResponse, type VendorHoldStatus } from './vendor-hold.policy';
export * from './active-policy';
