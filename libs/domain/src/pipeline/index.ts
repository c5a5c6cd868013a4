export { PipelineError, type PipelineErrorCode } from './pipeline.errors';
export type * from './opportunity.events';
export type * from './nurture.events';
export type * from './vendor.events';
export {
  OPEN_STAGES,
  opportunityDecider,
  stageChangeProblem,
  winProblems,
  type OpenStage,
  type OpportunityCommand,
  type OpportunityState,
  type WinTerms,
} from './opportunity.decider';
export { timeInStages, type TimeInStages } from './time-in-stages';
export {
  NO_PROGRESS_REASON,
  availableToOutboundAt,
  nurtureDecider,
  oneYearAfter,
  type NurtureCommand,
  type NurtureState,
} from './nurture.decider';
export {
  DEFAULT_VENDOR_ALPHA,
  fisherLowerTail,
  logFactorials,
  normalCdf,
  smallestExpectedCount,
  twoProportionZ,
  vendorTest,
  type VendorTestChoice,
  type VendorTestInput,
  type VendorTestName,
  type VendorTestResult,
} from './vendor-test';
export { selectSample, vendorDecider, type VendorCommand, type VendorState } from './vendor.decider';
