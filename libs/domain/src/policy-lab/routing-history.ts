import type { Segment } from '../enrichment/enrichment.events';
import type { LeadSource } from '../lead/lead-source';
import type { AssignmentDecision, SdrEvent, SdrTeam } from '../routing/routing.events';
import { seedFrom } from '../shared/seeded-random';
import type { LabRecord } from './lab-record';
import { inVisibilityOrder } from './routing-visibility';

/** A moment routing was asked to decide for a lead, as the line recorded it. */
export interface RoutingRequest {
  readonly kind: 'request';
  readonly leadId: string;
  /** assign: a scored lead's first SDR; reassign: after a first-touch SLA breach; reopen: a recycled lead for outbound. */
  readonly purpose: 'assign' | 'reassign' | 'reopen';
  readonly at: string;
  readonly seed: number;
  /** The SDR the line chose, or null when it never placed the lead. */
  readonly recordedSdrId: string | null;
  readonly recordedDecision: AssignmentDecision | null;
}

/** The history routing decided on, in the global log's order: roster changes, captures, enrichments, requests and closures. */
export type RoutingStep =
  | { readonly kind: 'roster'; readonly at: string; readonly event: SdrEvent }
  | { readonly kind: 'captured'; readonly at: string; readonly leadId: string; readonly team: SdrTeam; readonly source: LeadSource }
  | {
      readonly kind: 'enriched';
      readonly at: string;
      readonly leadId: string;
      readonly segment: Segment;
      readonly territory: string | null;
    }
  | RoutingRequest
  | { readonly kind: 'closed'; readonly at: string; readonly leadId: string }
  | { readonly kind: 'first-touch'; readonly at: string; readonly leadId: string; readonly sdrId: string };

export interface RoutingHistory {
  readonly steps: readonly RoutingStep[];
  /** Closures moved after a decision that had not seen them yet (see `inVisibilityOrder`). */
  readonly reordered: number;
  /** When the history ends: no retry of a waiting lead is simulated past it. */
  readonly until: string | null;
}

function rosterTime(event: SdrEvent): string {
  switch (event.type) {
    case 'SdrRegistered':
      return event.data.registeredAt;
    case 'SdrUpdated':
      return event.data.updatedAt;
    case 'SdrTimeOffScheduled':
      return event.data.scheduledAt;
  }
}

/**
 * Routing's view of the recorded history. A lead the line placed is offered at the moments the line
 * decided (each recorded decision's time and seed); a scored A/B/C lead the line never placed, and
 * that no list vendor holds, is offered when it was scored (seed from its LeadScored id, as routing
 * seeds it).
 */
export function routingHistory(records: readonly LabRecord[]): RoutingHistory {
  const placed = new Set<string>();
  const vendorLeads = new Set<string>();
  for (const { event } of records) {
    if (event.type === 'LeadAssigned') placed.add(event.data.leadId);
    if (event.type === 'LeadCaptured' && event.data.vendorId !== null) vendorLeads.add(event.data.leadId);
  }
  const offered = new Set<string>();
  const steps: RoutingStep[] = [];
  let until: string | null = null;
  const push = (step: RoutingStep) => {
    steps.push(step);
    if (until === null || step.at > until) until = step.at;
  };
  for (const { id, event } of records) {
    switch (event.type) {
      case 'SdrRegistered':
      case 'SdrUpdated':
      case 'SdrTimeOffScheduled':
        push({ kind: 'roster', at: rosterTime(event), event });
        break;
      case 'LeadCaptured':
        push({
          kind: 'captured',
          at: event.data.capturedAt,
          leadId: event.data.leadId,
          team: event.data.inbound ? 'inbound' : 'outbound',
          source: event.data.source,
        });
        break;
      case 'LeadEnriched':
        push({
          kind: 'enriched',
          at: event.data.enrichedAt,
          leadId: event.data.leadId,
          segment: event.data.segment,
          territory: event.data.territory,
        });
        break;
      case 'LeadScored': {
        const { leadId, grade, scoredAt } = event.data;
        if (grade === 'F' || placed.has(leadId) || vendorLeads.has(leadId) || offered.has(leadId)) break;
        offered.add(leadId);
        push({ kind: 'request', leadId, purpose: 'assign', at: scoredAt, seed: seedFrom(id), recordedSdrId: null, recordedDecision: null });
        break;
      }
      case 'LeadAssigned':
      case 'LeadReassigned':
      case 'LeadReopenedForOutbound': {
        const { decision, leadId, sdrId } = event.data;
        const purpose = event.type === 'LeadAssigned' ? 'assign' : event.type === 'LeadReassigned' ? 'reassign' : 'reopen';
        push({
          kind: 'request',
          leadId,
          purpose,
          at: decision.decidedAt,
          seed: decision.seed,
          recordedSdrId: sdrId,
          recordedDecision: decision,
        });
        break;
      }
      case 'LeadQualified':
      case 'LeadDisqualified':
        push({ kind: 'closed', at: event.data.at, leadId: event.data.leadId });
        break;
      case 'ActivityLogged':
        if (event.data.firstTouch) push({ kind: 'first-touch', at: event.data.at, leadId: event.data.leadId, sdrId: event.data.sdrId });
        break;
      default:
        break;
    }
  }
  const visible = inVisibilityOrder(steps);
  return { steps: visible.steps, reordered: visible.moved, until };
}
