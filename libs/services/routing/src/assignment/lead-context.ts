import type { LeadCaptured, LeadEnriched, LeadSource, Segment, SdrTeam } from '@leadline/domain';
import type { EventStoreReader, RecordedEvent } from '@leadline/event-store';

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
  return (await readLeadFacts(store, leadId)).context;
}

export interface LeadFacts {
  readonly context: LeadContext | null;
  /** Whether `assignment-<leadId>` exists. */
  readonly assigned: boolean;
  /** Its events as read (for the assignment command, which need not read them again). */
  readonly assignment: readonly RecordedEvent[];
}

/**
 * The lead's context and whether it has an assignment stream yet, in one read of the three
 * streams (the capture, the latest enrichment, any assignment event) instead of one per stream.
 */
export async function readLeadFacts(store: EventStoreReader, leadId: string): Promise<LeadFacts> {
  return (await readLeadsFacts(store, [leadId])).get(leadId) as LeadFacts;
}

/** readLeadFacts for several leads in one read of all their streams (a chunk's leads). */
export async function readLeadsFacts(store: EventStoreReader, leadIds: readonly string[]): Promise<Map<string, LeadFacts>> {
  const streams = leadIds.flatMap((id) => [`lead-${id}`, `enrichment-${id}`, `assignment-${id}`]);
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of streams.length > 0 ? await store.readStreams(streams) : []) {
    const events = byStream.get(event.streamId) ?? [];
    events.push(event);
    byStream.set(event.streamId, events);
  }
  return new Map(leadIds.map((id) => [id, leadFactsOf(byStream, id)]));
}

function leadFactsOf(byStream: ReadonlyMap<string, readonly RecordedEvent[]>, leadId: string): LeadFacts {
  const assignment = byStream.get(`assignment-${leadId}`) ?? [];
  const assigned = assignment.length > 0;
  const captured = byStream.get(`lead-${leadId}`)?.find((e) => e.type === 'LeadCaptured');
  if (!captured) return { context: null, assigned, assignment };
  const capture = captured.data as LeadCaptured['data'];
  const enriched = byStream
    .get(`enrichment-${leadId}`)
    ?.filter((e) => e.type === 'LeadEnriched')
    .at(-1);
  const enrichment = enriched?.data as LeadEnriched['data'] | undefined;
  return { context: leadContextOf(capture, enrichment), assigned, assignment };
}

function leadContextOf(capture: LeadCaptured['data'], enrichment: LeadEnriched['data'] | undefined): LeadContext {
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
