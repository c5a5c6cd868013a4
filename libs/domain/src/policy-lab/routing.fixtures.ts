import type { Segment } from '../enrichment/enrichment.events';
import type { LeadCaptured } from '../intake/lead-intake.events';
import type { LeadSource } from '../lead/lead-source';
import { profile } from '../routing/routing.fixtures';
import type { AssignmentDecision, SdrProfile } from '../routing/routing.events';
import { leadEnriched } from '../testing/lead-events';
import type { LabEvent, LabRecord } from './lab-record';

/** Recorded history for the routing specs, built event by event. */
export class HistoryBuilder {
  readonly records: LabRecord[] = [];

  private add(event: LabEvent): this {
    this.records.push({ id: `e${this.records.length + 1}`, event });
    return this;
  }

  sdr(sdrId: string, at: string, overrides: Partial<SdrProfile> = {}): this {
    return this.add({
      type: 'SdrRegistered',
      data: { ...profile({ territories: ['*'], segments: ['*'], ...overrides }), sdrId, registeredAt: at },
    });
  }

  lead(leadId: string, at: string, segment: Segment, source: LeadSource = 'demo-request'): this {
    const captured: LeadCaptured = {
      type: 'LeadCaptured',
      data: {
        leadId,
        inbound: !['purchased-list', 'sdr-research', 'referral', 'event'].includes(source),
        captureId: `c-${leadId}`,
        source,
        vendorId: null,
        listId: null,
        campaignId: null,
        contact: { firstName: null, lastName: null, email: null, phone: null, title: null },
        company: { name: null, domain: null, website: null, country: null },
        consent: true,
        attributes: {},
        capturedAt: at,
      },
    };
    return this.add(captured).add(leadEnriched(leadId, at, { segment, territory: 'dach' }));
  }

  scored(leadId: string, at: string): this {
    return this.add({
      type: 'LeadScored',
      data: { leadId, modelId: 'm', modelVersion: 1, score: 80, grade: 'A', reasons: [], features: {}, scoredAt: at },
    });
  }

  /** `pool`: the eligible SDRs with the open leads the decision saw (what visibility ordering reads). */
  assigned(leadId: string, sdrId: string, at: string, segment: Segment = 'unknown', pool: Record<string, number> = {}): this {
    const members = Object.entries(pool).map(([id, openLeads]) => ({
      sdrId: id,
      openLeads,
      assignedThisWeek: 0,
      weeklyCapacity: 160,
      lastAssignedAt: null,
    }));
    return this.add({
      type: 'LeadAssigned',
      data: {
        leadId,
        sdrId,
        team: 'inbound',
        source: 'demo-request',
        decision: { ...decision(sdrId, at, segment), pool: members },
        slaDueAt: null,
        slaTimerId: null,
        assignedAt: at,
      },
    });
  }

  reassigned(leadId: string, fromSdrId: string, sdrId: string, at: string): this {
    return this.add({
      type: 'LeadReassigned',
      data: {
        leadId,
        fromSdrId,
        sdrId,
        reason: 'sla-breach',
        decision: decision(sdrId, at, 'unknown'),
        slaDueAt: null,
        slaTimerId: null,
        reassignedAt: at,
      },
    });
  }

  touched(leadId: string, sdrId: string, at: string): this {
    return this.add({
      type: 'ActivityLogged',
      data: { leadId, sdrId, activityId: `a-${leadId}`, kind: 'call', outcome: 'connected', notes: null, firstTouch: true, at },
    });
  }

  qualified(leadId: string, sdrId: string, at: string): this {
    return this.add({ type: 'LeadQualified', data: { leadId, sdrId, reason: 'fit', at } });
  }

  updated(sdrId: string, at: string, changes: Partial<SdrProfile>): this {
    return this.add({ type: 'SdrUpdated', data: { sdrId, changes, updatedAt: at } });
  }
}

function decision(sdrId: string, at: string, segment: Segment): AssignmentDecision {
  return {
    policyId: 'inbound-on-shift-fewest-open',
    policyVersion: 1,
    seed: 1,
    decidedAt: at,
    lead: { team: 'inbound', territory: 'dach', segment },
    pool: [],
    excluded: [],
    chosenSdrId: sdrId,
    tieBreak: 'load',
  };
}
