import { atMin, first, keep, key, latest, type FactTable } from '../fact-table';

/**
 * One row per lead: its dimensions (latest known values) and the domain time it first reached each
 * stage of the line. A stage counts as of a moment when its time is at or before that moment.
 */
export const LEADS: FactTable = {
  name: 'leads',
  columns: [
    key('lead_id'),
    first('captured_at'),
    atMin('source', 'captured_at'),
    atMin('inbound', 'captured_at', 'boolean'),
    atMin('vendor_id', 'captured_at'),
    atMin('list_id', 'captured_at'),
    atMin('campaign_id', 'captured_at'),
    keep('incomplete', 'boolean'),
    latest('enriched_at', 'timestamptz'),
    latest('segment', 'text', 'enriched_at'),
    latest('territory', 'text', 'enriched_at'),
    latest('scored_at', 'timestamptz'),
    latest('score', 'double precision', 'scored_at'),
    latest('grade', 'text', 'scored_at'),
    first('recycle_pool_at'),
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
    first('customer_at'),
  ],
  indexes: ['captured_at'],
};

/** One row per capture merged into an existing lead; `unmerged_at` once it was split off again. */
export const LEAD_DUPLICATES: FactTable = {
  name: 'lead_duplicates',
  columns: [
    key('lead_id'),
    key('capture_id'),
    keep('matched_on'),
    keep('source'),
    keep('vendor_id'),
    keep('campaign_id'),
    first('captured_at'),
    first('unmerged_at'),
    keep('new_lead_id'),
  ],
};
