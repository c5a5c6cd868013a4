/**
 * Nurture's events, on `nurture-<leadId>` (written by appointments): a qualified prospect kept warm
 * for the original AE, returned to them, or recycled to the lead database. Times are ISO-8601
 * strings that arrive on commands.
 */

export type ProspectNurtured = {
  type: 'ProspectNurtured';
  data: { leadId: string; originalAeId: string; returnBy: string; reason: string; at: string };
};
export type ProspectReturnedFromNurture = { type: 'ProspectReturnedFromNurture'; data: { leadId: string; aeId: string; at: string } };
export type LeadRecycled = { type: 'LeadRecycled'; data: { leadId: string; reason: string; availableToOutboundAt: string; at: string } };

/**
 * Appended by the durable timer scheduled when a prospect is nurtured, one year later, on
 * `nurture-<leadId>`; the nurture processor turns it into `LeadRecycled` when the prospect is
 * still waiting in that same nurture (identified by `nurturedAt`). Internal to appointments.
 */
export type NurtureYearElapsed = { type: 'NurtureYearElapsed'; data: { leadId: string; nurturedAt: string; at: string } };

export type NurtureEvent = ProspectNurtured | ProspectReturnedFromNurture | LeadRecycled | NurtureYearElapsed;
