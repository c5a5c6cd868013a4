export { CustomerSuccessError, type CustomerSuccessErrorCode } from './customer-success.errors';
export {
  DEFAULT_MANAGER_CAPACITY,
  customerManagerDecider,
  managerProblems,
  type CustomerManagerCommand,
  type CustomerManagerEvent,
  type CustomerManagerProfile,
  type CustomerManagerState,
  type ManagerCapacityBounds,
} from './manager.decider';
export { chooseCustomerManager, coversCustomerSegment, type ManagerChoice, type ManagerLoad } from './manager-assignment';
export { DEFAULT_RENEWAL_WINDOWS, planRenewalWindows, type RenewalWindowPlan } from './renewal-windows';
export {
  customerDecider,
  foldCustomer,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerRecord,
  type CustomerState,
  type OpenedWindow,
  type Renewal,
  type Upsell,
} from './customer.decider';
