import type {
  ActivityLogged,
  FirstTouchMoved,
  FirstTouchSlaBreached,
  LeadAssigned,
  LeadReassigned,
  LeadReopenedForOutbound,
  SdrRegistered,
  SdrUpdated,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { col, first, key, latest, RECORDED, type FactTable } from '../fact-table';

/** The SDR roster: latest known profile values. */
export const SDRS: FactTable = {
  name: 'sdrs',
  columns: [
    key('sdr_id'),
    latest('name'),
    latest('email'),
    latest('manager_email'),
    latest('team'),
    latest('weekly_capacity', 'integer'),
    latest('active', 'boolean'),
    first('registered_at'),
  ],
};

/**
 * Every time a lead was handed to an SDR: the first assignment (`kind` assigned), each reassignment,
 * and a recycled lead reopened for an outbound SDR after its cool-off (`reopened`).
 */
export const ASSIGNMENTS: FactTable = {
  name: 'assignments',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('lead_id'),
    col('kind'),
    col('sdr_id'),
    col('from_sdr_id'),
    col('team'),
    col('reason'),
    col('sla_due_at', 'timestamptz'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
  indexes: ['lead_id'],
};

/**
 * Every call, email or social touch an SDR logged, with its outcome. `first_touch` follows routing:
 * set as the activity was logged, cleared by the `FirstTouchMoved` that hands the first touch to an
 * activity that happened earlier (`first_touch_until`: when the store recorded that move), so one
 * activity per assignment carries it, the earliest by the time it happened. As known at K, the flag
 * is `(first_touch OR first_touch_until IS NOT NULL) AND (first_touch_until IS NULL OR first_touch_until > K)`.
 */
export const ACTIVITIES: FactTable = {
  name: 'activities',
  columns: [
    key('lead_id'),
    key('activity_id'),
    col('event_id'),
    col('sdr_id'),
    col('kind'),
    col('outcome'),
    latest('first_touch', 'boolean'),
    col('first_touch_until', 'timestamptz'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
};

/** Every first-touch SLA breach: the SDR who held the lead when the deadline passed. */
export const SLA_BREACHES: FactTable = {
  name: 'sla_breaches',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('lead_id'),
    col('sdr_id'),
    col('sla_due_at', 'timestamptz'),
    col('breached_at', 'timestamptz'),
    ...RECORDED,
  ],
};

function routingFacts(event: RecordedEvent): readonly Fact[] {
  const event_id = event.id;
  switch (event.type) {
    case 'SdrRegistered': {
      const d = dataOf<SdrRegistered>(event);
      const profile = { name: d.name, email: d.email, manager_email: d.managerEmail, team: d.team, weekly_capacity: d.weeklyCapacity };
      return [[SDRS, { sdr_id: d.sdrId, ...profile, active: d.active, registered_at: iso(d.registeredAt) }]];
    }
    case 'SdrUpdated': {
      const { sdrId, changes: c } = dataOf<SdrUpdated>(event);
      const profile = { name: c.name, email: c.email, manager_email: c.managerEmail, team: c.team, weekly_capacity: c.weeklyCapacity };
      return [[SDRS, { sdr_id: sdrId, ...profile, active: c.active }]];
    }
    case 'LeadAssigned': {
      const d = dataOf<LeadAssigned>(event);
      const row = { event_id, lead_id: d.leadId, kind: 'assigned', sdr_id: d.sdrId, from_sdr_id: null, team: d.team, reason: null };
      return [[ASSIGNMENTS, { ...row, sla_due_at: iso(d.slaDueAt), at: iso(d.assignedAt) }]];
    }
    case 'LeadReassigned': {
      const d = dataOf<LeadReassigned>(event);
      const row = {
        event_id,
        lead_id: d.leadId,
        kind: 'reassigned',
        sdr_id: d.sdrId,
        from_sdr_id: d.fromSdrId,
        team: d.decision.lead.team,
      };
      return [[ASSIGNMENTS, { ...row, reason: d.reason, sla_due_at: iso(d.slaDueAt), at: iso(d.reassignedAt) }]];
    }
    case 'LeadReopenedForOutbound': {
      const d = dataOf<LeadReopenedForOutbound>(event);
      const row = { event_id, lead_id: d.leadId, kind: 'reopened', sdr_id: d.sdrId, from_sdr_id: d.fromSdrId, team: d.team };
      return [[ASSIGNMENTS, { ...row, reason: d.reason, sla_due_at: null, at: iso(d.at) }]];
    }
    case 'ActivityLogged': {
      const d = dataOf<ActivityLogged>(event);
      const row = { event_id, activity_id: d.activityId, lead_id: d.leadId, sdr_id: d.sdrId, kind: d.kind, outcome: d.outcome };
      return [[ACTIVITIES, { ...row, first_touch: d.firstTouch, at: iso(d.at) }]];
    }
    case 'FirstTouchMoved': {
      // Only the activity that loses it: the one taking it over was logged with first_touch set.
      const d = dataOf<FirstTouchMoved>(event);
      return [
        [
          ACTIVITIES,
          { lead_id: d.leadId, activity_id: d.fromActivityId, first_touch: false, first_touch_until: event.recordedAt.toISOString() },
        ],
      ];
    }
    case 'FirstTouchSlaBreached': {
      const d = dataOf<FirstTouchSlaBreached>(event);
      return [
        [SLA_BREACHES, { event_id, lead_id: d.leadId, sdr_id: d.sdrId, sla_due_at: iso(d.slaDueAt), breached_at: iso(d.breachedAt) }],
      ];
    }
    default:
      return [];
  }
}

export const ROUTING_READ_MODEL = defineReadModel({
  name: 'routing',
  tables: [SDRS, ASSIGNMENTS, ACTIVITIES, SLA_BREACHES],
  eventTypes: [
    'SdrRegistered',
    'SdrUpdated',
    'LeadAssigned',
    'LeadReassigned',
    'LeadReopenedForOutbound',
    'ActivityLogged',
    'FirstTouchMoved',
    'FirstTouchSlaBreached',
  ],
  facts: routingFacts,
});
