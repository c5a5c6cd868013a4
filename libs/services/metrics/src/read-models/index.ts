import type { ReadModel } from '../engine/read-model';
import { AE_STATS_SQL, SALES_ENGINEER_STATS_SQL } from './appointments/ae-stats.metric';
import { APPOINTMENT_LIST_SQL } from './appointments/appointment-list.metric';
import { APPOINTMENTS_READ_MODEL } from './appointments/appointments.read-model';
import { FAIRNESS_SQL } from './appointments/fairness.metric';
import { CUSTOMER_LIST_SQL } from './customers/customer-list.metric';
import { CUSTOMER_MANAGER_STATS_SQL } from './customers/customer-managers.metric';
import { CUSTOMER_MONTHS_SQL } from './customers/customer-months.metric';
import { CUSTOMERS_READ_MODEL } from './customers/customers.read-model';
import { LIFETIME_VALUE_SQL } from './customers/lifetime-value.metric';
import { CAMPAIGNS_SQL } from './leads/campaigns.metric';
import { LEAD_FUNNEL_SQL } from './leads/funnel.metric';
import { LEAD_LIST_SQL } from './leads/lead-list.metric';
import { LEADS_READ_MODEL } from './leads/leads.read-model';
import { IMPLIED_LEAD_VALUES_SQL, MARKETING_SLA_SQL } from './leads/marketing-sla.metric';
import { SOURCE_QUALITY_SQL } from './leads/source-quality.metric';
import { LOST_DEALS_SQL, LOST_REASONS_SQL } from './opportunities/lost-deals.metric';
import { OPPORTUNITIES_READ_MODEL } from './opportunities/opportunities.read-model';
import { OPPORTUNITY_LIST_SQL, PIPELINE_VALUE_SQL } from './opportunities/pipeline.metric';
import { TIME_IN_STAGE_AVERAGE_SQL, TIME_IN_STAGE_PER_DEAL_SQL } from './opportunities/time-in-stage.metric';
import { ROUTING_READ_MODEL } from './routing/routing.read-model';
import { SDR_STATS_SQL } from './routing/sdr-stats.metric';
import { SLA_BREACHES_SQL } from './routing/sla-breaches.metric';
import { SPEED_TO_LEAD_SQL } from './routing/speed-to-lead.metric';
import { CAC_BY_CHANNEL_SQL } from './spend/cac-by-channel.metric';
import { CAC_SQL } from './spend/cac.metric';
import { SPEND_READ_MODEL } from './spend/spend.read-model';

/** Every analysts' read model, in DDL order; table names are unique across them. */
export const READ_MODELS: readonly ReadModel[] = [
  LEADS_READ_MODEL,
  ROUTING_READ_MODEL,
  APPOINTMENTS_READ_MODEL,
  OPPORTUNITIES_READ_MODEL,
  CUSTOMERS_READ_MODEL,
  SPEND_READ_MODEL,
];

/**
 * Every metric's SQL by name, each in a `*.metric.ts` beside the read model it reads most: the API
 * runs these and nothing else, and docs/metrics.md quotes each one verbatim (a test checks it).
 */
export const METRIC_SQL: Readonly<Record<string, string>> = {
  lead_funnel: LEAD_FUNNEL_SQL,
  speed_to_lead: SPEED_TO_LEAD_SQL,
  sla_breaches: SLA_BREACHES_SQL,
  sdr_stats: SDR_STATS_SQL,
  ae_stats: AE_STATS_SQL,
  sales_engineer_stats: SALES_ENGINEER_STATS_SQL,
  customer_manager_stats: CUSTOMER_MANAGER_STATS_SQL,
  time_in_stage_per_deal: TIME_IN_STAGE_PER_DEAL_SQL,
  time_in_stage_average: TIME_IN_STAGE_AVERAGE_SQL,
  lost_deals: LOST_DEALS_SQL,
  lost_reasons: LOST_REASONS_SQL,
  source_quality: SOURCE_QUALITY_SQL,
  campaigns: CAMPAIGNS_SQL,
  fairness: FAIRNESS_SQL,
  customer_months: CUSTOMER_MONTHS_SQL,
  lifetime_value: LIFETIME_VALUE_SQL,
  cac: CAC_SQL,
  cac_by_channel: CAC_BY_CHANNEL_SQL,
  pipeline_value: PIPELINE_VALUE_SQL,
  opportunity_list: OPPORTUNITY_LIST_SQL,
  appointment_list: APPOINTMENT_LIST_SQL,
  customer_list: CUSTOMER_LIST_SQL,
  lead_list: LEAD_LIST_SQL,
  implied_lead_values: IMPLIED_LEAD_VALUES_SQL,
  marketing_sla: MARKETING_SLA_SQL,
};

export * from './metric-sql';
export * from './leads/funnel.metric';
export * from './leads/source-quality.metric';
export * from './leads/campaigns.metric';
export * from './leads/marketing-sla.metric';
export * from './routing/speed-to-lead.metric';
export * from './routing/sla-breaches.metric';
export * from './routing/sdr-stats.metric';
export * from './appointments/ae-stats.metric';
export * from './appointments/fairness.metric';
export * from './opportunities/time-in-stage.metric';
export * from './opportunities/lost-deals.metric';
export * from './customers/customer-months.metric';
export * from './customers/lifetime-value.metric';
export * from './customers/customer-managers.metric';
export * from './spend/cac.metric';
export * from './spend/cac-by-channel.metric';
export * from './opportunities/pipeline.metric';
export * from './appointments/appointment-list.metric';
export * from './customers/customer-list.metric';
export * from './leads/lead-list.metric';
export { STAGE_WEIGHTS } from './opportunities/stage-weights';
export { LEAD_STAGES, type LeadStage } from './leads/leads.read-model';
export { foldSql, type HistoryTable } from './history-table';
export { CONVERSATION_OUTCOMES } from './leads/leads.read-model';
export type { FactTable } from './fact-table';
