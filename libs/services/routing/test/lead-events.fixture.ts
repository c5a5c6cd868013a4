import { randomUUID } from 'node:crypto';
import type { Grade, LeadCaptured, LeadEnriched, LeadScored, LeadSource, Segment } from '@leadline/domain';
import type { EventStore } from '@leadline/event-store';

/** Writes what intake, enrichment and scoring would have written for a lead (their APIs are not needed here). */
export async function givenScoredLead(
  store: EventStore,
  lead: { source: LeadSource; inbound: boolean; segment: Segment; territory: string | null; grade: Grade; capturedAt: string },
): Promise<string> {
  const leadId = randomUUID();
  const metadata = { leadId, correlationId: leadId };
  const captured: LeadCaptured = {
    type: 'LeadCaptured',
    data: {
      leadId,
      inbound: lead.inbound,
      captureId: randomUUID(),
      source: lead.source,
      vendorId: null,
      listId: null,
      campaignId: null,
      contact: { firstName: 'Grace', lastName: 'Hopper', email: `${leadId}@acme.example`, phone: null, title: 'CTO' },
      company: { name: 'Acme', domain: 'acme.example', website: null, country: 'DE' },
      consent: true,
      attributes: {},
      capturedAt: lead.capturedAt,
    },
  };
  const enriched: LeadEnriched = {
    type: 'LeadEnriched',
    data: {
      leadId,
      complete: true,
      failures: [],
      firmographics: { headcount: 400, annualRevenue: 50_000_000, industry: 'software', technologies: [] },
      seniority: 'c-level',
      buyingAuthority: true,
      timeZone: 'Europe/Berlin',
      freeMail: false,
      segment: lead.segment,
      territory: lead.territory,
      enrichedAt: lead.capturedAt,
    },
  };
  const scored: LeadScored = {
    type: 'LeadScored',
    data: { leadId, modelId: 'icp', modelVersion: 1, score: 80, grade: lead.grade, reasons: [], features: {}, scoredAt: lead.capturedAt },
  };
  await store.appendToStream(`lead-${leadId}`, [{ ...captured, metadata }]);
  await store.appendToStream(`enrichment-${leadId}`, [{ ...enriched, metadata }]);
  await store.appendToStream(`score-${leadId}`, [{ ...scored, metadata }]);
  return leadId;
}
