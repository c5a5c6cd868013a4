import type { AeEvent, AppointmentEvent } from '../appointments/appointments.events';
import type { CustomerEvent, CustomerManagerEvent } from '../customer-success/customer-success.events';
import type { LeadEvent } from '../lead/lead-event';
import type { NurtureEvent } from '../pipeline/nurture.events';
import type { OpportunityEvent } from '../pipeline/opportunity.events';
import type { VendorEvent } from '../pipeline/vendor.events';
import type { ShadowCandidateEvent } from '../policy-lab/shadow/shadow.events';
import type { AssignmentEvent, SdrEvent } from '../routing/routing.events';
import { DEFAULT_ICP_MODEL } from '../scoring/default-icp-model';
import { cloudEventTypeOf } from './cloud-event-type';

/**
 * The published event contracts: every event type that can reach Kafka (every event on a stream
 * category a service owns; the relay sends them all), with its schema version, the stream category
 * (= topic `leadline.<category>`), the producing service, a one-line summary and an example.
 *
 * The TypeScript types in the `*.events.ts` files are the one source of truth: the JSON Schemas in
 * `contracts/` are generated from them (`npm run contracts`) and a unit test fails when they are out
 * of date or changed incompatibly within a version (docs/events.md, "Evolution"). The map below is
 * typed so that an event type missing here, or an example that does not fit its type, fails
 * `npm run typecheck`.
 */
export type PublishedEvent =
  | LeadEvent
  | SdrEvent
  | AssignmentEvent
  | AeEvent
  | AppointmentEvent
  | OpportunityEvent
  | NurtureEvent
  | VendorEvent
  | CustomerManagerEvent
  | CustomerEvent
  | ShadowCandidateEvent;

export type PublishedEventType = PublishedEvent['type'];

export type ProducingService = 'lead-intake' | 'enrichment' | 'scoring' | 'routing' | 'appointments' | 'customer-success' | 'policy-lab';

export interface EventContract<E extends PublishedEvent = PublishedEvent> {
  /** Current schema version of the event's data (1 until a breaking change; see docs/events.md). */
  readonly version: number;
  /** Stream category: the event travels on topic `<prefix><category>`, its stream is `<category>-<id>`. */
  readonly category: string;
  readonly producer: ProducingService;
  readonly summary: string;
  readonly example: E['data'];
}

type Contracts = { readonly [T in PublishedEventType]: EventContract<Extract<PublishedEvent, { type: T }>> };

const LEAD = 'lead-4f1c2a9e-1d5b-4c61-9a3e-0b7d2f6e8a10';
const SDR = 'sdr-ana';
const AE = 'ae-bruno';
const APPOINTMENT = 'appt-7c3e9b21';
const OPPORTUNITY = 'opp-2b8d4f60';
const CUSTOMER = 'cust-91a7e3c4';
const WEEKDAYS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } as const;
const DECISION = {
  // A rule routing ships (INBOUND_POLICY), as a recorded decision names it.
  policyId: 'inbound-on-shift-fewest-open',
  policyVersion: 1,
  seed: 1234567,
  decidedAt: '2026-03-02T09:00:05.000Z',
  lead: { team: 'inbound', territory: 'DACH', segment: 'mid-market' },
  pool: [
    { sdrId: SDR, openLeads: 4, assignedThisWeek: 12, weeklyCapacity: 160, lastAssignedAt: '2026-03-02T08:41:00.000Z' },
    { sdrId: 'sdr-jonas', openLeads: 6, assignedThisWeek: 15, weeklyCapacity: 160, lastAssignedAt: '2026-03-02T08:52:00.000Z' },
  ],
  excluded: [{ sdrId: 'sdr-mia', reason: 'time-off' }],
  chosenSdrId: SDR,
  tieBreak: 'load',
} as const;
const CAPTURE = {
  captureId: 'web-form-5521',
  source: 'demo-request',
  vendorId: null,
  listId: null,
  campaignId: 'spring-webinar',
  // As on Kafka: the personal fields null (attributes {}), encrypted in `personalData` (PERSONAL_DATA_FIELDS).
  contact: { firstName: null, lastName: null, email: null, phone: null, title: 'VP Sales' },
  company: { name: 'Example GmbH', domain: 'example.com', website: 'https://example.com', country: 'DE' },
  consent: true,
  attributes: {},
  capturedAt: '2026-03-02T09:00:00.000Z',
} as const;
const SEALED = {
  v: 1,
  keyId: '3b9f5c1e-7a2d-4e8f-9c6b-1d0a2e4f6b8c',
  iv: 'q8Jm2vX0c1Rk9pLw',
  tag: 'mZ3r0Yb7Qk2sVx9LwT1nHg==',
  ciphertext: 'Zk9sV2x4M3JtQ1pLd1F5bXBLd0RvN2V0dU1uR2hQcVl6VXdT',
} as const;
const AE_PROFILE = {
  name: 'Bruno Costa',
  email: 'bruno.costa@example.com',
  role: 'demo-guru',
  segments: ['mid-market'],
  industries: ['software'],
  workingHours: WEEKDAYS,
  timeZone: 'Europe/Berlin',
  dailyCap: 5,
  openDealsCap: null,
  active: true,
} as const;

export const EVENT_CONTRACTS: Contracts = {
  LeadCaptured: {
    version: 1,
    category: 'lead',
    producer: 'lead-intake',
    summary:
      "A new lead entered the line (web form, API, CSV import or vendor list), normalised. On Kafka the person's name, email, phone and the attributes are null/{} and travel encrypted in personalData ('erased' once the person is forgotten).",
    example: { ...CAPTURE, leadId: LEAD, inbound: true, personalData: SEALED },
  },
  LeadDuplicateCaptured: {
    version: 1,
    category: 'lead',
    producer: 'lead-intake',
    summary:
      'A capture matched an existing lead and was merged into it (personal fields encrypted in personalData on Kafka, as in LeadCaptured).',
    example: { leadId: LEAD, matchedOn: 'email', capture: { ...CAPTURE, captureId: 'web-form-5608' }, personalData: SEALED },
  },
  LeadDuplicateUnmerged: {
    version: 1,
    category: 'lead',
    producer: 'lead-intake',
    summary: 'A merged capture was split off into a lead of its own.',
    example: {
      leadId: LEAD,
      captureId: 'web-form-5608',
      newLeadId: 'lead-0d3b7e51-8c2a-4f19-b6d4-3e9a1c5f7b22',
      reason: 'different person at the same company',
      unmergedAt: '2026-03-03T10:15:00.000Z',
    },
  },
  LeadFlaggedIncomplete: {
    version: 1,
    category: 'lead',
    producer: 'lead-intake',
    summary: 'A captured lead lacks fields routing needs.',
    example: { leadId: LEAD, missing: ['phone'] },
  },
  PersonErased: {
    version: 1,
    category: 'lead',
    producer: 'lead-intake',
    summary: "The person behind a lead was erased: their data key is destroyed, their personal fields read as 'erased' for ever.",
    example: { leadId: LEAD, erasedAt: '2026-03-09T12:00:00.000Z' },
  },
  LeadEnriched: {
    version: 1,
    category: 'enrichment',
    producer: 'enrichment',
    summary: 'Firmographics, seniority, segment and territory added to a lead (complete: false when a provider failed).',
    example: {
      leadId: LEAD,
      complete: true,
      failures: [],
      firmographics: { headcount: 320, annualRevenue: 42000000, industry: 'software', technologies: ['salesforce'] },
      seniority: 'vp',
      buyingAuthority: true,
      timeZone: 'Europe/Berlin',
      freeMail: false,
      segment: 'mid-market',
      territory: 'DACH',
      enrichedAt: '2026-03-02T09:00:02.000Z',
    },
  },
  LeadScored: {
    version: 1,
    category: 'score',
    producer: 'scoring',
    summary: 'A lead scored against the ICP model, with its grade and reasons.',
    example: {
      leadId: LEAD,
      modelId: 'icp',
      modelVersion: 4,
      score: 0.82,
      grade: 'A',
      reasons: ['VP-level buyer', 'mid-market software company'],
      features: { seniority: 'vp', segment: 'mid-market', freeMail: false },
      scoredAt: '2026-03-02T09:00:03.000Z',
    },
  },
  LeadSentToRecyclePool: {
    version: 1,
    category: 'score',
    producer: 'scoring',
    summary: 'A lead graded too low to route, parked in the recycle pool.',
    example: { leadId: LEAD, reason: 'grade F', at: '2026-03-02T09:00:03.000Z' },
  },
  SdrRegistered: {
    version: 1,
    category: 'sdr',
    producer: 'routing',
    summary: 'An SDR joined the roster.',
    example: {
      sdrId: SDR,
      name: 'Ana Silva',
      email: 'ana.silva@example.com',
      managerEmail: 'sales.lead@example.com',
      team: 'inbound',
      territories: ['DACH'],
      segments: ['mid-market', 'enterprise'],
      workingHours: WEEKDAYS,
      timeZone: 'Europe/Berlin',
      weeklyCapacity: 160,
      active: true,
      registeredAt: '2026-02-01T08:00:00.000Z',
    },
  },
  SdrUpdated: {
    version: 1,
    category: 'sdr',
    producer: 'routing',
    summary: "Fields of an SDR's profile changed.",
    example: { sdrId: SDR, changes: { weeklyCapacity: 120 }, updatedAt: '2026-02-15T08:00:00.000Z' },
  },
  SdrTimeOffScheduled: {
    version: 1,
    category: 'sdr',
    producer: 'routing',
    summary: 'An SDR will be away [from, to).',
    example: {
      sdrId: SDR,
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-14T00:00:00.000Z',
      reason: 'vacation',
      scheduledAt: '2026-02-20T08:00:00.000Z',
    },
  },
  LeadAssigned: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'A lead was assigned to an SDR, with the decision that explains and replays the choice and the first-touch deadline.',
    example: {
      leadId: LEAD,
      sdrId: SDR,
      team: 'inbound',
      source: 'demo-request',
      decision: DECISION,
      slaDueAt: '2026-03-02T09:05:05.000Z',
      slaTimerId: 'timer-3f6a1d2e',
      assignedAt: '2026-03-02T09:00:05.000Z',
    },
  },
  SdrNotified: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'An SDR (or their manager) was notified about an assignment or an SLA breach.',
    example: {
      leadId: LEAD,
      sdrId: SDR,
      channel: 'email',
      purpose: 'assignment',
      recipient: 'ana.silva@example.com',
      aboutEventId: '6f1d9a3c-2b4e-4f7a-9c81-5d3e2a1b0c9f',
      notifiedAt: '2026-03-02T09:00:06.000Z',
    },
  },
  FirstTouchSlaBreached: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'The first touch of an inbound lead did not happen before its deadline.',
    example: { leadId: LEAD, sdrId: SDR, slaDueAt: '2026-03-02T09:05:05.000Z', breachedAt: '2026-03-02T09:05:05.000Z' },
  },
  LeadReassigned: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'A lead moved to another SDR after an SLA breach.',
    example: {
      leadId: LEAD,
      fromSdrId: SDR,
      sdrId: 'sdr-jonas',
      reason: 'sla-breach',
      decision: {
        ...DECISION,
        decidedAt: '2026-03-02T09:05:05.000Z',
        pool: [DECISION.pool[1]],
        excluded: [{ sdrId: SDR, reason: 'breached this lead' }],
        chosenSdrId: 'sdr-jonas',
        tieBreak: 'only-candidate',
      },
      slaDueAt: '2026-03-02T09:10:05.000Z',
      slaTimerId: 'timer-8b2c4e6f',
      reassignedAt: '2026-03-02T09:05:05.000Z',
    },
  },
  ActivityLogged: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'An SDR logged a call, email or social touch on a lead.',
    example: {
      leadId: LEAD,
      sdrId: SDR,
      activityId: 'act-19c2',
      kind: 'call',
      outcome: 'connected',
      notes: null,
      firstTouch: true,
      at: '2026-03-02T09:03:00.000Z',
    },
  },
  FirstTouchMoved: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: "An activity that happened before the lead's first touch was logged after it: it is the first touch now.",
    example: {
      leadId: LEAD,
      sdrId: SDR,
      activityId: 'act-19c1',
      at: '2026-03-02T09:02:10.000Z',
      fromActivityId: 'act-19c2',
      fromAt: '2026-03-02T09:03:00.000Z',
    },
  },
  LeadQualified: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'An SDR qualified a lead: it goes to appointments.',
    example: { leadId: LEAD, sdrId: SDR, reason: 'budget and timeline confirmed', at: '2026-03-02T09:20:00.000Z' },
  },
  LeadDisqualified: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'An SDR disqualified a lead.',
    example: { leadId: LEAD, sdrId: SDR, reason: 'student project', at: '2026-03-02T09:20:00.000Z' },
  },
  RecycleCoolOffEnded: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: "A recycled lead's cool-off ended (durable timer): routing reopens it for the outbound team.",
    example: {
      leadId: LEAD,
      reason: 'no progress after the demo',
      recycledAt: '2026-03-20T10:00:00.000Z',
      availableToOutboundAt: '2026-06-18T10:00:00.000Z',
      at: '2026-06-18T10:00:00.000Z',
    },
  },
  LeadReopenedForOutbound: {
    version: 1,
    category: 'assignment',
    producer: 'routing',
    summary: 'A recycled lead is owned by an outbound SDR again, open and without a first-touch SLA.',
    example: {
      leadId: LEAD,
      fromSdrId: SDR,
      sdrId: 'sdr-omar',
      team: 'outbound',
      source: 'demo-request',
      decision: {
        ...DECISION,
        policyId: 'outbound-even-weekly-spread',
        decidedAt: '2026-06-18T10:00:01.000Z',
        lead: { ...DECISION.lead, team: 'outbound' },
        pool: [{ sdrId: 'sdr-omar', openLeads: 31, assignedThisWeek: 40, weeklyCapacity: 200, lastAssignedAt: '2026-06-18T09:12:00.000Z' }],
        excluded: [],
        chosenSdrId: 'sdr-omar',
        tieBreak: 'only-candidate',
      },
      reason: 'no progress after the demo',
      recycledAt: '2026-03-20T10:00:00.000Z',
      at: '2026-06-18T10:00:01.000Z',
    },
  },
  AeRegistered: {
    version: 1,
    category: 'ae',
    producer: 'appointments',
    summary: 'An account executive (demo guru, hunter) or sales engineer joined the roster.',
    example: { aeId: AE, profile: AE_PROFILE, at: '2026-02-01T08:00:00.000Z' },
  },
  AeUpdated: {
    version: 1,
    category: 'ae',
    producer: 'appointments',
    summary: "Fields of an AE's profile changed.",
    example: { aeId: AE, changes: { dailyCap: 4 }, at: '2026-02-15T08:00:00.000Z' },
  },
  AeTimeOffScheduled: {
    version: 1,
    category: 'ae',
    producer: 'appointments',
    summary: 'An AE will be away [from, to).',
    example: { aeId: AE, from: '2026-03-09T00:00:00.000Z', to: '2026-03-14T00:00:00.000Z', at: '2026-02-20T08:00:00.000Z' },
  },
  SlotsOffered: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'Free demo slots offered to a qualified prospect.',
    example: {
      appointmentId: APPOINTMENT,
      leadId: LEAD,
      slots: [
        { aeId: AE, start: '2026-03-04T10:00:00.000Z', end: '2026-03-04T10:30:00.000Z' },
        { aeId: 'ae-carla', start: '2026-03-04T13:00:00.000Z', end: '2026-03-04T13:30:00.000Z' },
      ],
      at: '2026-03-02T09:21:00.000Z',
    },
  },
  AppointmentBooked: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: "A prospect's first appointment booked with an AE, with the fairness audit trail.",
    example: {
      appointmentId: APPOINTMENT,
      leadId: LEAD,
      aeId: AE,
      salesEngineerId: null,
      start: '2026-03-04T10:00:00.000Z',
      end: '2026-03-04T10:30:00.000Z',
      mode: 'strict',
      equalityTraded: false,
      creditMonth: '2026-03',
      pool: [
        { aeId: AE, monthToDate: 7, freeSlots: 9 },
        { aeId: 'ae-carla', monthToDate: 8, freeSlots: 6 },
      ],
      seed: 99120,
      policyVersion: 2,
      request: {
        acceptable: [{ start: '2026-03-04T10:00:00.000Z', end: '2026-03-04T10:30:00.000Z' }],
        segment: 'mid-market',
        roles: ['demo-guru'],
      },
      at: '2026-03-02T09:25:00.000Z',
    },
  },
  AppointmentRescheduled: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'An appointment moved to another time (and possibly another AE).',
    example: {
      appointmentId: APPOINTMENT,
      leadId: LEAD,
      aeId: AE,
      fromAeId: AE,
      start: '2026-03-05T10:00:00.000Z',
      end: '2026-03-05T10:30:00.000Z',
      salesEngineerId: null,
      at: '2026-03-03T12:00:00.000Z',
    },
  },
  AppointmentCancelled: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'An appointment was cancelled.',
    example: { appointmentId: APPOINTMENT, leadId: LEAD, aeId: AE, reason: 'prospect cancelled', at: '2026-03-03T12:00:00.000Z' },
  },
  AppointmentNoShow: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'The prospect did not show up.',
    example: { appointmentId: APPOINTMENT, leadId: LEAD, aeId: AE, at: '2026-03-04T10:15:00.000Z' },
  },
  AppointmentReminderDue: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'A reminder before an appointment is due (durable timer).',
    example: {
      appointmentId: APPOINTMENT,
      leadId: LEAD,
      aeId: AE,
      before: 'PT24H',
      start: '2026-03-04T10:00:00.000Z',
      at: '2026-03-03T10:00:00.000Z',
    },
  },
  AppointmentHeld: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: 'An appointment took place.',
    example: { appointmentId: APPOINTMENT, leadId: LEAD, aeId: AE, at: '2026-03-04T10:30:00.000Z' },
  },
  DemoOutcomeRecorded: {
    version: 1,
    category: 'appointment',
    producer: 'appointments',
    summary: "A demo's outcome: moved forward (to a hunter, when one is named) or not.",
    example: {
      appointmentId: APPOINTMENT,
      leadId: LEAD,
      aeId: AE,
      movedForward: true,
      hunterId: 'ae-hugo',
      note: null,
      at: '2026-03-04T10:35:00.000Z',
    },
  },
  OpportunityOpened: {
    version: 1,
    category: 'opportunity',
    producer: 'appointments',
    summary: 'An opportunity opened from a held first appointment.',
    example: { opportunityId: OPPORTUNITY, leadId: LEAD, aeId: AE, appointmentId: APPOINTMENT, at: '2026-03-04T10:35:00.000Z' },
  },
  OpportunityStageChanged: {
    version: 1,
    category: 'opportunity',
    producer: 'appointments',
    summary: 'An open opportunity moved to another stage.',
    example: { opportunityId: OPPORTUNITY, leadId: LEAD, from: 'discovery', to: 'demo', at: '2026-03-06T09:00:00.000Z' },
  },
  OpportunityHandedOver: {
    version: 1,
    category: 'opportunity',
    producer: 'appointments',
    summary: "A demo guru's opportunity handed to the hunter who runs the deal to close.",
    example: {
      opportunityId: OPPORTUNITY,
      leadId: LEAD,
      fromAeId: AE,
      aeId: 'ae-hugo',
      appointmentId: APPOINTMENT,
      at: '2026-03-04T10:35:00.000Z',
    },
  },
  OpportunityWon: {
    version: 1,
    category: 'opportunity',
    producer: 'appointments',
    summary: 'A deal was won.',
    example: {
      opportunityId: OPPORTUNITY,
      leadId: LEAD,
      aeId: 'ae-hugo',
      amount: 48000,
      margin: 0.7,
      contractTermMonths: 12,
      renewalDate: '2027-04-01',
      segment: 'mid-market',
      at: '2026-04-01T15:00:00.000Z',
    },
  },
  OpportunityLost: {
    version: 1,
    category: 'opportunity',
    producer: 'appointments',
    summary: 'A deal was lost (hopeless: recycle rather than nurture).',
    example: {
      opportunityId: OPPORTUNITY,
      leadId: LEAD,
      aeId: 'ae-hugo',
      reason: 'chose a competitor',
      hopeless: false,
      at: '2026-04-01T15:00:00.000Z',
    },
  },
  ProspectNurtured: {
    version: 1,
    category: 'nurture',
    producer: 'appointments',
    summary: 'A qualified prospect is kept warm for the original AE until a return date.',
    example: {
      leadId: LEAD,
      originalAeId: AE,
      returnBy: '2026-09-01T00:00:00.000Z',
      reason: 'budget next fiscal year',
      at: '2026-04-01T15:00:00.000Z',
    },
  },
  ProspectReturnedFromNurture: {
    version: 1,
    category: 'nurture',
    producer: 'appointments',
    summary: 'A nurtured prospect went back to an AE.',
    example: { leadId: LEAD, aeId: AE, at: '2026-08-20T09:00:00.000Z' },
  },
  LeadRecycled: {
    version: 1,
    category: 'nurture',
    producer: 'appointments',
    summary: 'A lead went back to the lead database; outbound may work it after the cool-off.',
    example: {
      leadId: LEAD,
      reason: 'no progress after the demo',
      availableToOutboundAt: '2026-06-18T10:00:00.000Z',
      at: '2026-03-20T10:00:00.000Z',
    },
  },
  NurtureYearElapsed: {
    version: 1,
    category: 'nurture',
    producer: 'appointments',
    summary: 'A year passed since a prospect was nurtured (durable timer; internal to appointments).',
    example: { leadId: LEAD, nurturedAt: '2026-04-01T15:00:00.000Z', at: '2027-04-01T15:00:00.000Z' },
  },
  VendorListReceived: {
    version: 1,
    category: 'vendor',
    producer: 'appointments',
    summary: "A list vendor's list arrived, with the sample drawn for its test.",
    example: {
      vendorId: 'vendor-acme-data',
      listId: 'list-2026-03',
      leadIds: [LEAD, 'lead-0d3b7e51-8c2a-4f19-b6d4-3e9a1c5f7b22'],
      sampleLeadIds: [LEAD],
      at: '2026-03-01T08:00:00.000Z',
    },
  },
  VendorDecided: {
    version: 1,
    category: 'vendor',
    producer: 'appointments',
    summary: "A vendor approved or rejected by its sample's conversion test.",
    example: {
      vendorId: 'vendor-acme-data',
      approved: true,
      test: 'fisher-exact',
      sampleConversions: 9,
      sampleSize: 100,
      historicalConversions: 60,
      historicalSize: 1000,
      pValue: 0.21,
      threshold: 0.05,
      at: '2026-03-20T08:00:00.000Z',
    },
  },
  VendorLeadsReleased: {
    version: 1,
    category: 'vendor',
    producer: 'appointments',
    summary: "A vendor's held leads released to routing.",
    example: { vendorId: 'vendor-acme-data', leadIds: ['lead-0d3b7e51-8c2a-4f19-b6d4-3e9a1c5f7b22'], at: '2026-03-20T08:00:00.000Z' },
  },
  VendorLeadsArchived: {
    version: 1,
    category: 'vendor',
    producer: 'appointments',
    summary: "A rejected vendor's held leads archived.",
    example: { vendorId: 'vendor-acme-data', leadIds: ['lead-0d3b7e51-8c2a-4f19-b6d4-3e9a1c5f7b22'], at: '2026-03-20T08:00:00.000Z' },
  },
  CustomerManagerRegistered: {
    version: 1,
    category: 'cm',
    producer: 'customer-success',
    summary: 'A customer manager joined the roster.',
    example: {
      managerId: 'cm-lena',
      name: 'Lena Park',
      email: 'lena.park@example.com',
      segments: ['mid-market'],
      capacity: 40,
      at: '2026-02-01T08:00:00.000Z',
    },
  },
  CustomerCreated: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'A won deal became a customer.',
    example: {
      customerId: CUSTOMER,
      leadId: LEAD,
      opportunityId: OPPORTUNITY,
      amount: 48000,
      renewalDate: '2027-04-01',
      segment: 'mid-market',
      at: '2026-04-01T15:00:01.000Z',
    },
  },
  CustomerManagerAssigned: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'A customer manager was assigned to a customer, with the standing of every manager considered.',
    example: {
      customerId: CUSTOMER,
      leadId: LEAD,
      managerId: 'cm-lena',
      segmentMatched: true,
      pool: [{ managerId: 'cm-lena', clients: 12, capacity: 40, segmentMatch: true }],
      at: '2026-04-01T15:00:02.000Z',
    },
  },
  CustomerOnboarded: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'A customer finished onboarding.',
    example: { customerId: CUSTOMER, leadId: LEAD, at: '2026-04-20T09:00:00.000Z' },
  },
  RenewalWindowOpened: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: "A customer's renewal is this many days away.",
    example: { customerId: CUSTOMER, leadId: LEAD, daysBefore: 60, renewalDate: '2027-04-01', at: '2027-01-31T00:00:00.000Z' },
  },
  CustomerRenewed: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'A customer renewed.',
    example: { customerId: CUSTOMER, leadId: LEAD, newRenewalDate: '2028-04-01', amount: 52000, at: '2027-03-15T10:00:00.000Z' },
  },
  CustomerChurned: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'A customer left.',
    example: { customerId: CUSTOMER, leadId: LEAD, reason: 'budget cut', at: '2027-04-01T00:00:00.000Z' },
  },
  UpsellOpened: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'An upsell opportunity handed to a business-development rep.',
    example: {
      customerId: CUSTOMER,
      leadId: LEAD,
      upsellId: 'upsell-1',
      description: 'ten more seats',
      handedTo: 'bdr-kim',
      at: '2026-09-01T09:00:00.000Z',
    },
  },
  UpsellClosed: {
    version: 1,
    category: 'customer',
    producer: 'customer-success',
    summary: 'An upsell won or lost.',
    example: { customerId: CUSTOMER, leadId: LEAD, upsellId: 'upsell-1', won: true, amount: 9000, at: '2026-10-01T09:00:00.000Z' },
  },
  ShadowCandidateRegistered: {
    version: 1,
    category: 'shadowcandidate',
    producer: 'policy-lab',
    summary:
      'A candidate scoring model or routing policy now runs in shadow beside the line: it records what it would decide (on the lab’s own streams, not relayed) and never acts.',
    example: {
      candidateId: 'icp-v2',
      candidate: { kind: 'scoring', model: { ...DEFAULT_ICP_MODEL, version: 2 } },
      note: 'heavier on fintech, as the back-test suggested',
      at: '2026-12-04T15:00:00.000Z',
    },
  },
  ShadowCandidatePromoted: {
    version: 1,
    category: 'shadowcandidate',
    producer: 'policy-lab',
    summary: 'A shadow candidate was promoted: scoring activates the model, routing the policy, each through its own command.',
    example: {
      candidateId: 'icp-v2',
      candidate: { kind: 'scoring', model: { ...DEFAULT_ICP_MODEL, version: 2 } },
      at: '2026-12-11T15:00:00.000Z',
    },
  },
  ShadowCandidateDropped: {
    version: 1,
    category: 'shadowcandidate',
    producer: 'policy-lab',
    summary: 'A shadow candidate was dropped, with why; it stops shadowing.',
    example: { candidateId: 'anytime', reason: 'sends inbound leads to SDRs off shift', at: '2026-12-11T15:00:00.000Z' },
  },
};

export const PUBLISHED_EVENT_TYPES = Object.keys(EVENT_CONTRACTS).sort() as PublishedEventType[];

export function isPublishedEventType(type: string): type is PublishedEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CONTRACTS, type);
}

export function eventContractOf(type: string): EventContract | undefined {
  return isPublishedEventType(type) ? (EVENT_CONTRACTS[type] as EventContract) : undefined;
}

/** The producing service of each stream category. */
export function producerOfCategory(category: string): ProducingService | undefined {
  return Object.values(EVENT_CONTRACTS).find((contract) => contract.category === category)?.producer;
}

/** Where a published schema lives: `$id` of the file `contracts/events/<Type>/v<N>.schema.json`, and the CloudEvents `dataschema`. */
export const SCHEMA_ID_BASE = 'https://schemas.leadline.dev/';

export function schemaPathOf(type: string, version: number): string {
  return `events/${type}/v${version}.schema.json`;
}

export function schemaIdOf(type: string, version: number): string {
  return `${SCHEMA_ID_BASE}${schemaPathOf(type, version)}`;
}

/** The CloudEvents attributes of a published event: namespaced versioned type and its data schema. */
export function publishedAttributesOf(type: string, version: number): { readonly type: string; readonly dataschema: string } {
  return { type: cloudEventTypeOf(type, version), dataschema: schemaIdOf(type, version) };
}
