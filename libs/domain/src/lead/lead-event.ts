import type { LeadEnriched } from '../enrichment/enrichment.events';
import type { LeadIntakeEvent } from '../intake/lead-intake.events';
import type { LeadScored, LeadSentToRecyclePool } from '../scoring/scoring.events';

/** Every event on a lead's way from capture to its score (lead-intake, enrichment, scoring). */
export type LeadEvent = LeadIntakeEvent | LeadEnriched | LeadScored | LeadSentToRecyclePool;
