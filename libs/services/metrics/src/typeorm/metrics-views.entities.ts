import { ActivityView } from './activity-view.entity';
import { AeProfileView } from './ae-profile-view.entity';
import { AeTimeOffView } from './ae-time-off-view.entity';
import { AeView } from './ae-view.entity';
import { AppointmentRescheduleView } from './appointment-reschedule-view.entity';
import { AppointmentView } from './appointment-view.entity';
import { AssignmentView } from './assignment-view.entity';
import { CustomerManagerAssignmentView } from './customer-manager-assignment-view.entity';
import { CustomerManagerView } from './customer-manager-view.entity';
import { CustomerView } from './customer-view.entity';
import {
  AppointmentFactView,
  CustomerFactView,
  LeadDuplicateFactView,
  LeadFactView,
  OpportunityFactView,
  UpsellFactView,
} from './history-entities';
import { LeadDuplicateView } from './lead-duplicate-view.entity';
import { LeadView } from './lead-view.entity';
import { OpportunityEventView } from './opportunity-event-view.entity';
import { OpportunityView } from './opportunity-view.entity';
import { RenewalView } from './renewal-view.entity';
import { RenewalWindowView } from './renewal-window-view.entity';
import { SdrView } from './sdr-view.entity';
import { SlaBreachView } from './sla-breach-view.entity';
import { SpendView } from './spend-view.entity';
import { UpsellView } from './upsell-view.entity';
import { VendorDecisionView } from './vendor-decision-view.entity';
import { VendorListView } from './vendor-list-view.entity';

/**
 * One entity per view of `metrics` (every read-model table and history view), in the read models'
 * order: the DataSource is built with these. The per-event histories (`*_facts`) are entity
 * schemas made from their definitions; the rest are classes.
 */
export const METRICS_VIEW_ENTITIES = [
  LeadFactView,
  LeadView,
  LeadDuplicateFactView,
  LeadDuplicateView,
  SdrView,
  AssignmentView,
  ActivityView,
  SlaBreachView,
  AeView,
  AeProfileView,
  AeTimeOffView,
  AppointmentFactView,
  AppointmentView,
  AppointmentRescheduleView,
  OpportunityFactView,
  OpportunityView,
  OpportunityEventView,
  CustomerFactView,
  CustomerView,
  CustomerManagerView,
  CustomerManagerAssignmentView,
  RenewalWindowView,
  RenewalView,
  UpsellFactView,
  UpsellView,
  SpendView,
  VendorListView,
  VendorDecisionView,
];
