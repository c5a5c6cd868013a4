import type { LeadCaptured, LeadEnriched, LeadSource, Segment, SdrTeam } from '@leadline/domain';
import type { EventStoreReader } from '@leadline/event-store';

export interface LeadContext {
  readonly team: SdrTeam;
  readonly source: LeadSource;
  readonly capturedAt: string;
  readonly segment: Segment;
  readonly territory: string | null;
  /** The list vendor the lead was bought from (its leads wait for appointments' release), or null. */
  readonly vendorId: string | null;
  readonly listId: string | null;
}

/** What routing needs about a lead, read from intake's and enrichment's streams (never written by routing). */
export async function readLeadContext(store: EventStoreReader, leadId: string): Promise<LeadContext | null> {
  const captured = (await store.readStream(`lead-${leadId}`)).find((e) => e.type === 'LeadCaptured');
  if (!captured) return null;
  const capture = captured.data as LeadCaptured['data'];
  const enriched = (await store.readStream(`enrichment-${leadId}`, { direction: 'backwards' })).find((e) => e.type === 'LeadEnriched');
  const enrichment = enriched?.data as LeadEnriched['data'] | undefined;
  return {
    team: capture.inbound ? 'inbound' : 'outbound',
    source: capture.source,
    capturedAt: capture.capturedAt,
    segment: enrichment?.segment ?? 'unknown',
    territory: enrichment?.territory ?? null,
    vendorId: capture.vendorId ?? null,
    listId: capture.listId ?? null,
  };
}
