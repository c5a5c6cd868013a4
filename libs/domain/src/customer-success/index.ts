export type * from './customer-success.events';
export { CustomerSuccessError, type CustomerSuccessErrorCode } from './customer-success.errors';
export {
  DEFAULT_MANAGER_CAPACITY,
  customerManagerDecider,
  managerProblems,
  type CustomerManagerCommand,
  type CustomerManagerProfile,
  type CustomerManagerState,
  type ManagerCapacityBounds,
} from './customer-manager.decider';
export { chooseCustomerManager, coversCustomerSegment, type ManagerChoice, type ManagerLoad } from './customer-manager-assignment';
export { DEFAULT_RENEWAL_WINDOWS, planRenewalWindows, type RenewalWindowPlan } from './renewal-windows';
export {
  customerDecider,
  foldCustomer,
  type CustomerCommand,
  type CustomerRecord,
  type CustomerState,
  type OpenedWindow,
  type Renewal,
  type Upsell,
} from './customer.decider';
