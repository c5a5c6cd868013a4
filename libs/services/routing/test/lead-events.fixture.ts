import { randomUUID } from 'node:crypto';
import type {
  Grade,
  LeadCaptured,
  LeadRecycled,
  LeadScored,
  LeadSource,
  Segment,
  VendorLeadsArchived,
  VendorLeadsReleased,
  VendorListReceived,
} from '@leadline/domain';
import { leadEnriched } from '@leadline/domain/testing';
import type { EventStore, RecordedEvent } from '@leadline/event-store';

export interface LeadShape {
  readonly source: LeadSource;
  readonly inbound: boolean;
  readonly segment: Segment;
  readonly territory: string | null;
  readonly capturedAt: string;
  /** A purchased list's vendor and list (held by routing until appointments releases the lead). */
  readonly vendorId?: string;
  readonly listId?: string;
  readonly leadId?: string;
}

/** A `POST /sdrs` body: a roster entry named after `sdrId`, managed by boss@sales.example, every segment. */
export function sdrBody(sdrId: string, team: 'inbound' | 'outbound', territories: string[], profile: Record<string, unknown>) {
  return {
    sdrId,
    name: sdrId.toUpperCase(),
    email: `${sdrId}@sales.example`,
    managerEmail: 'boss@sales.example',
    team,
    territories,
    segments: ['*'],
    ...profile,
  };
}

/** Writes what intake and enrichment would have written for a lead (their APIs are not needed here). */
export async function givenCapturedLead(store: EventStore, lead: LeadShape): Promise<string> {
  const leadId = lead.leadId ?? randomUUID();
  const metadata = { leadId, correlationId: leadId };
  const captured: LeadCaptured = {
    type: 'LeadCaptured',
    data: {
      leadId,
      inbound: lead.inbound,
      captureId: randomUUID(),
      source: lead.source,
      vendorId: lead.vendorId ?? null,
      listId: lead.listId ?? null,
      campaignId: null,
      contact: { firstName: 'Grace', lastName: 'Hopper', email: `${leadId}@acme.example`, phone: null, title: 'CTO' },
      company: { name: 'Acme', domain: 'acme.example', website: null, country: 'DE' },
      consent: true,
      attributes: {},
      capturedAt: lead.capturedAt,
    },
  };
  const enriched = leadEnriched(leadId, lead.capturedAt, { segment: lead.segment, territory: lead.territory });
  await store.appendToStream(`lead-${leadId}`, [{ ...captured, metadata }]);
  await store.appendToStream(`enrichment-${leadId}`, [{ ...enriched, metadata }]);
  return leadId;
}

/** What scoring would have written. */
export async function scoreLead(store: EventStore, leadId: string, grade: Grade, scoredAt: string): Promise<void> {
  const scored: LeadScored = {
    type: 'LeadScored',
    data: { leadId, modelId: 'icp', modelVersion: 1, score: 80, grade, reasons: [], features: {}, scoredAt },
  };
  await store.appendToStream(`score-${leadId}`, [{ ...scored, metadata: { leadId, correlationId: leadId } }]);
}

/** Captured, enriched and scored. */
export async function givenScoredLead(store: EventStore, lead: LeadShape & { grade: Grade }): Promise<string> {
  const leadId = await givenCapturedLead(store, lead);
  await scoreLead(store, leadId, lead.grade, lead.capturedAt);
  return leadId;
}

/** What appointments' nurture module appends when it recycles a prospect; returns the event id. */
export async function recycleLead(
  store: EventStore,
  leadId: string,
  recycle: { reason: string; at: string; availableToOutboundAt: string },
): Promise<string> {
  const id = randomUUID();
  const recycled: LeadRecycled = { type: 'LeadRecycled', data: { leadId, ...recycle } };
  await store.appendToStream(`nurture-${leadId}`, [{ id, ...recycled, metadata: { leadId, correlationId: leadId } }]);
  return id;
}

/** What appointments' vendor module appends on `vendor-<vendorId>`. */
export async function vendorEvent(store: EventStore, event: VendorListReceived | VendorLeadsReleased | VendorLeadsArchived): Promise<void> {
  await store.appendToStream(`vendor-${event.data.vendorId}`, [{ ...event, metadata: { correlationId: event.data.vendorId } }]);
}

/** A LeadScored as scoring records it (never stored by these tests: handed to the subscription directly). */
export function scoredLeadEvent(
  leadId: string,
  options: { readonly grade: Grade; readonly position: number; readonly correlationId: string; readonly at: string },
): RecordedEvent<'LeadScored', LeadScored['data']> {
  const { grade, position, correlationId, at } = options;
  const data: LeadScored['data'] = { leadId, modelId: 'icp', modelVersion: 1, score: 80, grade, reasons: [], features: {}, scoredAt: at };
  return {
    id: randomUUID(),
    type: 'LeadScored',
    data,
    streamId: `score-${leadId}`,
    streamVersion: 1,
    category: 'score',
    metadata: { leadId, correlationId, schemaVersion: 1 },
    globalPosition: BigInt(position),
    transactionId: 1n,
    recordedAt: new Date(at),
  };
}
