import { AE_STATS_SQL, SALES_ENGINEER_STATS_SQL } from './ae-stats.query';
import { CAMPAIGNS_SQL } from './campaigns.query';
import { CUSTOMER_MANAGER_STATS_SQL } from './customer-managers.query';
import { CAC_SQL, CUSTOMER_MONTHS_SQL, LIFETIME_VALUE_SQL } from './customers.query';
import { FAIRNESS_SQL } from './fairness.query';
import { LEAD_FUNNEL_SQL } from './funnel.query';
import { LOST_DEALS_SQL, LOST_REASONS_SQL } from './lost-deals.query';
import { IMPLIED_LEAD_VALUES_SQL, MARKETING_SLA_SQL } from './marketing-sla.query';
import { SDR_STATS_SQL } from './sdr-stats.query';
import { SOURCE_QUALITY_SQL } from './source-quality.query';
import { SLA_BREACHES_SQL, SPEED_TO_LEAD_SQL } from './speed-to-lead.query';
import { TIME_IN_STAGE_AVERAGE_SQL, TIME_IN_STAGE_PER_DEAL_SQL } from './time-in-stage.query';

export * from './query-sql';
export * from './funnel.query';
export * from './speed-to-lead.query';
export * from './sdr-stats.query';
export * from './ae-stats.query';
export * from './customer-managers.query';
export * from './time-in-stage.query';
export * from './lost-deals.query';
export * from './source-quality.query';
export * from './campaigns.query';
export * from './fairness.query';
export * from './customers.query';
export * from './marketing-sla.query';

/** Every metric's SQL by name: docs/metrics.md quotes each one verbatim (a test checks it). */
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
  implied_lead_values: IMPLIED_LEAD_VALUES_SQL,
  marketing_sla: MARKETING_SLA_SQL,
};
