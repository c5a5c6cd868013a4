/**
 * Leads bought from a list vendor wait in routing until appointments settles them (the sample of a
 * new vendor's first list is released at once; the rest when the vendor is approved, archived when
 * rejected). Routing keeps the hold in its read model; these rules say what each fact means.
 */
export type VendorHoldStatus = 'held' | 'released' | 'archived';

/** A scored lead from a list vendor: assigned only once its list was released; held (or never, archived) otherwise. */
export function scoredVendorLeadResponse(status: VendorHoldStatus): 'assign' | 'hold' {
  return status === 'released' ? 'assign' : 'hold';
}

/**
 * Appointments released or archived a held lead: an archived lead is never assigned (and leaves the
 * unrouted queue); a released one is assigned now if it was scored and routing does not hold it yet,
 * else its LeadScored assigns it when it comes; a lead routing already holds stays as it is.
 */
export function settledVendorLeadResponse(settled: {
  readonly status: 'released' | 'archived';
  readonly scored: boolean;
  readonly routed: boolean;
}): 'never' | 'assign' | 'wait-for-score' | 'already-routed' {
  if (settled.status === 'archived') return 'never';
  if (!settled.scored) return 'wait-for-score';
  if (settled.routed) return 'already-routed';
  return 'assign';
}
