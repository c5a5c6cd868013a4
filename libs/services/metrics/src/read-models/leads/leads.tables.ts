import { atMin, first, keep, latest } from '../fact-table';
import type { HistoryTable } from '../history-table';

/**
 * Every lead's history (`lead_facts`, one row per event about the lead) and, folded, the lead
 * (`leads`): its dimensions and the business time it first reached each stage. As of T and as known
 * at K, a lead is the fold of its rows that happened by T and were recorded by K: dimensions are
 * then the values they had at T (the latest enrichment and scoring by then), not the latest known.
 */
export const LEAD_FACTS: HistoryTable = {
  name: 'lead_facts',
  view: 'leads',
  keys: ['lead_id'],
  columns: [
    first('captured_at'),
    atMin('source', 'captured_at'),
    atMin('inbound', 'captured_at', 'boolean'),
    atMin('vendor_id', 'captured_at'),
    atMin('list_id', 'captured_at'),
    atMin('campaign_id', 'captured_at'),
    atMin('company_name', 'captured_at'),
    atMin('company_domain', 'captured_at'),
    keep('incomplete', 'boolean'),
    latest('enriched_at', 'timestamptz'),
    latest('segment', 'text', 'enriched_at'),
    latest('territory', 'text', 'enriched_at'),
    latest('scored_at', 'timestamptz'),
    latest('score', 'double precision', 'scored_at'),
    latest('grade', 'text', 'scored_at'),
    first('recycle_pool_at'),
    first('vendor_listed_at'),
    first('vendor_released_at'),
    first('vendor_archived_at'),
    first('assigned_at'),
    atMin('team', 'assigned_at'),
    atMin('first_sdr_id', 'assigned_at'),
    latest('owner_since', 'timestamptz'),
    latest('sdr_id', 'text', 'owner_since'),
    first('first_touch_at'),
    atMin('first_touch_sdr_id', 'first_touch_at'),
    first('contacted_at'),
    first('positive_at'),
    first('negative_at'),
    first('callback_at'),
    first('qualified_at'),
    atMin('qualified_sdr_id', 'qualified_at'),
    first('disqualified_at'),
    atMin('disqualified_sdr_id', 'disqualified_at'),
    atMin('disqualify_reason', 'disqualified_at'),
    first('appointment_at'),
    first('appointment_held_at'),
    first('opportunity_at'),
    first('won_at'),
    first('lost_at'),
    first('nurtured_at'),
    first('nurture_returned_at'),
    first('recycled_at'),
    first('reopened_at'),
    first('customer_at'),
    latest('stage_at', 'timestamptz'),
    latest('stage', 'text', 'stage_at'),
  ],
};

/**
 * Every capture merged into an existing lead, and its unmerge. An unmerge holds from the start
 * (`at` null): the capture was never a duplicate, and is a lead of its own (captured at its
 * original time) from the moment the unmerge is known.
 */
export const LEAD_DUPLICATE_FACTS: HistoryTable = {
  name: 'lead_duplicate_facts',
  view: 'lead_duplicates',
  keys: ['lead_id', 'capture_id'],
  columns: [
    keep('matched_on'),
    keep('source'),
    keep('vendor_id'),
    keep('campaign_id'),
    first('captured_at'),
    first('unmerged_at'),
    keep('new_lead_id'),
  ],
};
