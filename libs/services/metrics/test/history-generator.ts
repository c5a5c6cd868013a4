// A seeded generator of realistic Leadline histories for the metrics tests and the rebuild
// benchmark: thousands of leads through every path of the line, as the services write them
// (stream ids, event ids, metadata, one append per service transaction), in domain-time order.
import {
  isInbound,
  leadIntakeDecider,
  NO_PROGRESS_REASON,
  nurtureDecider,
  oneYearAfter,
  vendorDecider,
  type ActivityKind,
  type ActivityLogged,
  type ActivityOutcome,
  type AeProfile,
  type AeRegistered,
  type AeTimeOffScheduled,
  type AppointmentBooked,
  type AppointmentCancelled,
  type AppointmentHeld,
  type AppointmentNoShow,
  type AppointmentReminderDue,
  type AppointmentRescheduled,
  type AssignmentDecision,
  type CustomerChurned,
  type CustomerCreated,
  type CustomerManagerAssigned,
  type CustomerManagerRegistered,
  type CustomerOnboarded,
  type CustomerRenewed,
  type DemoOutcomeRecorded,
  type FirstTouchSlaBreached,
  type Grade,
  type LeadAssigned,
  type LeadCapture,
  type LeadDisqualified,
  type LeadDuplicateCaptured,
  type LeadDuplicateUnmerged,
  type LeadEnriched,
  type LeadQualified,
  type LeadReassigned,
  type LeadReopenedForOutbound,
  type LeadScored,
  type LeadSentToRecyclePool,
  type LeadSource,
  type NurtureState,
  type NurtureYearElapsed,
  type OpportunityHandedOver,
  type OpportunityLost,
  type OpportunityOpened,
  type OpportunityStage,
  type OpportunityStageChanged,
  type OpportunityWon,
  type RenewalWindowOpened,
  type SdrNotified,
  type SdrRegistered,
  type SdrTeam,
  type Segment,
  type SlotsOffered,
  type SpendRecorded,
  type UpsellClosed,
  type UpsellOpened,
  type VendorState,
} from '@leadline/domain';
import type { NewEvent } from '@leadline/event-store';

/** One service transaction: events appended to one stream together. */
export interface HistoryAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

export interface HistoryOptions {
  readonly seed: number;
  /** Leads captured (duplicates and unmerged captures come on top). */
  readonly leads: number;
  /** Start of the simulated period (ISO). */
  readonly start?: string;
  readonly leadsPerDay?: number;
  /** Leads generated (and time-sorted) together; memory stays bounded for a million events. */
  readonly wave?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const COOL_OFF_DAYS = 90;

const INBOUND_SDRS = ['sdr-in-1', 'sdr-in-2', 'sdr-in-3', 'sdr-in-4', 'sdr-in-5', 'sdr-in-6'];
const OUTBOUND_SDRS = ['sdr-out-1', 'sdr-out-2', 'sdr-out-3', 'sdr-out-4', 'sdr-out-5'];
const GURUS = ['ae-guru-1', 'ae-guru-2', 'ae-guru-3', 'ae-guru-4'];
const HUNTERS = ['ae-hunter-1', 'ae-hunter-2', 'ae-hunter-3'];
const ENGINEERS = ['ae-se-1', 'ae-se-2'];
const MANAGERS: readonly { id: string; segments: string[] }[] = [
  { id: 'cm-ann', segments: ['smb'] },
  { id: 'cm-ben', segments: ['smb', 'mid-market'] },
  { id: 'cm-cat', segments: ['enterprise', 'mid-market'] },
];
/** List vendors and how well their leads qualify compared with the rest (1 = as usual). */
const VENDORS: readonly { id: string; quality: number }[] = [
  { id: 'vendor-acme-data', quality: 1.2 },
  { id: 'vendor-cheap-lists', quality: 0.2 },
  { id: 'vendor-mid-lists', quality: 0.8 },
];
const CAMPAIGNS = ['cmp-webinar', 'cmp-ebook', 'cmp-cold-q1', 'cmp-cold-q2', 'cmp-event-expo', 'cmp-abm'];
const SOURCES: readonly [LeadSource, number][] = [
  ['inbound-web', 18],
  ['inbound-phone', 5],
  ['demo-request', 12],
  ['free-trial', 8],
  ['content-download', 15],
  ['purchased-list', 14],
  ['sdr-research', 12],
  ['referral', 8],
  ['event', 8],
];
const SEGMENTS: readonly [Segment, number][] = [
  ['smb', 50],
  ['mid-market', 30],
  ['enterprise', 15],
  ['unknown', 5],
];
const OUTCOMES: readonly [ActivityOutcome, number][] = [
  ['no-answer', 34],
  ['voicemail', 20],
  ['connected', 15],
  ['positive', 11],
  ['negative', 8],
  ['callback', 10],
  ['bad-data', 2],
];
const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'CA', 'AU', 'IN', 'BR'];
const TERRITORY: Readonly<Record<string, string>> = {
  US: 'na',
  CA: 'na',
  GB: 'emea',
  DE: 'emea',
  FR: 'emea',
  AU: 'apac',
  IN: 'apac',
  BR: 'latam',
};
const LOSS_REASONS = ['price', 'competitor', 'no budget', 'timing', 'no decision'];
const CHURN_REASONS = ['price', 'product fit', 'went out of business', 'switched to a competitor'];
const DISQUALIFY_REASONS = ['no budget', 'not a fit', 'unreachable', 'student', 'competitor'];

/** mulberry32: small, fast, good enough for simulations, and the same on every machine. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }
  uuid(): string {
    const hex = (n: number) =>
      Math.floor(n * 4_294_967_296)
        .toString(16)
        .padStart(8, '0');
    const h = hex(this.next()) + hex(this.next()) + hex(this.next()) + hex(this.next());
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
type Meta = NewEvent['metadata'];
type Domain = { readonly type: string; readonly data: unknown };

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly streamId: string;
  readonly events: NewEvent[];
}

interface LeadPlan {
  readonly leadId: string;
  readonly capturedAt: number;
  readonly source: LeadSource;
  readonly vendorId: string | null;
  readonly listId: string | null;
}

/** The simulation's shared state: rosters' loads carry over from wave to wave. */
class Line {
  readonly rnd: Random;
  private seq = 0;
  private pending: Pending[] = [];
  readonly credits = new Map<string, number>();
  readonly openDeals = new Map<string, number>();
  readonly clients = new Map<string, number>();
  readonly assigned = new Map<string, number>();
  readonly vendors = new Map<string, VendorState>();
  readonly decisions = new Map<string, PendingDecision>();
  readonly history = { leads: 0, qualified: 0 };

  constructor(seed: number) {
    this.rnd = new Random(seed);
  }

  /** One append of the given domain events at domain time `at`; returns their ids. */
  append(at: number, streamId: string, events: readonly Domain[], metadata: Meta, ids?: readonly string[]): string[] {
    const stored = events.map((e, i) => ({ id: ids?.[i] ?? this.rnd.uuid(), type: e.type, data: e.data, metadata }));
    this.pending.push({ at, seq: this.seq++, streamId, events: stored });
    return stored.map((e) => e.id);
  }

  /** Everything appended so far, in domain-time order (stable), and forgotten. */
  flush(): HistoryAppend[] {
    const out = this.pending.sort((a, b) => a.at - b.at || a.seq - b.seq).map(({ streamId, events }) => ({ streamId, events }));
    this.pending = [];
    return out;
  }

  bump(map: Map<string, number>, key: string, by = 1): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }

  /** The member with the lowest count (ties: the first listed). */
  fewest(map: Map<string, number>, candidates: readonly string[]): string {
    return candidates.reduce((best, c) => ((map.get(c) ?? 0) < (map.get(best) ?? 0) ? c : best));
  }
}

function rosters(line: Line, at: number): void {
  const hours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
  for (const sdrId of [...INBOUND_SDRS, ...OUTBOUND_SDRS]) {
    const team: SdrTeam = sdrId.startsWith('sdr-in') ? 'inbound' : 'outbound';
    const data: SdrRegistered['data'] = {
      sdrId,
      name: sdrId.toUpperCase(),
      email: `${sdrId}@leadline.example`,
      managerEmail: `${team}-manager@leadline.example`,
      team,
      territories: ['*'],
      segments: ['*'],
      workingHours: hours,
      timeZone: 'UTC',
      weeklyCapacity: 160,
      active: true,
      registeredAt: iso(at),
    };
    line.append(at, `sdr-${sdrId}`, [{ type: 'SdrRegistered', data }], { correlationId: sdrId });
  }
  const ae = (aeId: string, role: AeProfile['role']): AeRegistered['data'] => ({
    aeId,
    profile: {
      name: aeId.toUpperCase(),
      email: `${aeId}@leadline.example`,
      role,
      segments: ['*'],
      industries: ['*'],
      workingHours: hours,
      timeZone: 'UTC',
      dailyCap: role === 'hunter' ? 2 : 5,
      openDealsCap: role === 'hunter' ? 150 : null,
      active: true,
    },
    at: iso(at),
  });
  for (const id of GURUS) line.append(at, `ae-${id}`, [{ type: 'AeRegistered', data: ae(id, 'demo-guru') }], { correlationId: id });
  const leave: AeTimeOffScheduled['data'] = { aeId: GURUS[0], from: iso(at + 40 * DAY), to: iso(at + 47 * DAY), at: iso(at + DAY) };
  line.append(at + DAY, `ae-${GURUS[0]}`, [{ type: 'AeTimeOffScheduled', data: leave }], { correlationId: GURUS[0] });
  for (const id of HUNTERS) line.append(at, `ae-${id}`, [{ type: 'AeRegistered', data: ae(id, 'hunter') }], { correlationId: id });
  for (const id of ENGINEERS)
    line.append(at, `ae-${id}`, [{ type: 'AeRegistered', data: ae(id, 'sales-engineer') }], { correlationId: id });
  for (const m of MANAGERS) {
    const data: CustomerManagerRegistered['data'] = {
      managerId: m.id,
      name: m.id.toUpperCase(),
      email: `${m.id}@leadline.example`,
      segments: m.segments,
      capacity: 150,
      at: iso(at),
    };
    line.append(at, `cm-${m.id}`, [{ type: 'CustomerManagerRegistered', data }], { correlationId: m.id });
  }
}

function captureOf(line: Line, plan: LeadPlan, at: number): LeadCapture {
  const { rnd } = line;
  const n = rnd.int(1, 1_000_000);
  const country = rnd.pick(COUNTRIES);
  const incomplete = rnd.chance(0.06);
  return {
    captureId: rnd.uuid(),
    source: plan.source,
    vendorId: plan.vendorId,
    listId: plan.listId,
    campaignId:
      isInbound(plan.source) || plan.source === 'sdr-research'
        ? rnd.chance(0.7)
          ? rnd.pick(CAMPAIGNS)
          : null
        : rnd.chance(0.4)
          ? rnd.pick(CAMPAIGNS)
          : null,
    contact: {
      firstName: 'Pat',
      lastName: `Lead${n}`,
      email: `pat.lead${n}@company${n % 5000}.example`,
      phone: incomplete ? null : `+1415${String(n).padStart(7, '0')}`,
      title: rnd.pick(['VP Sales', 'CTO', 'Head of Ops', 'Engineer', 'CEO', 'Director IT']),
    },
    company: { name: `Company ${n % 5000}`, domain: `company${n % 5000}.example`, website: `https://company${n % 5000}.example`, country },
    consent: true,
    attributes: {},
    capturedAt: iso(at),
  };
}

interface Lead {
  readonly id: string;
  readonly correlationId: string;
  readonly capture: LeadCapture;
  readonly segment: Segment;
  readonly territory: string | null;
  readonly grade: Grade;
  readonly quality: number;
  readonly scoredId: string;
  readonly scoredAt: number;
}

/** Capture, duplicates, enrichment, scoring (F to the recycle pool): what happens to every lead. */
function intake(line: Line, plan: LeadPlan, quality: number): Lead {
  const { rnd } = line;
  const t = plan.capturedAt;
  const capture = captureOf(line, plan, t);
  const leadId = plan.leadId;
  const correlationId = capture.captureId;
  const captured = leadIntakeDecider.decide({ type: 'CaptureLead', data: { leadId, capture } }, leadIntakeDecider.initialState());
  const [capturedId] = line.append(t, `lead-${leadId}`, captured, { leadId, correlationId });
  duplicates(line, leadId, capture, t);

  const segment = rnd.weighted(SEGMENTS);
  const territory = TERRITORY[capture.company.country ?? ''] ?? null;
  const enrichedAt = t + rnd.int(400, 5_000);
  const complete = rnd.chance(0.94);
  const enriched: LeadEnriched = {
    type: 'LeadEnriched',
    data: {
      leadId,
      complete,
      failures: complete ? [] : [{ provider: 'firmographics-http', error: 'timeout after 2000 ms' }],
      firmographics: {
        headcount: segment === 'smb' ? rnd.int(5, 99) : segment === 'enterprise' ? rnd.int(1000, 50_000) : rnd.int(100, 999),
        annualRevenue: null,
        industry: rnd.pick(['software', 'retail', 'finance', 'health']),
        technologies: [],
      },
      seniority: rnd.pick(['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'] as const),
      buyingAuthority: rnd.chance(0.5),
      timeZone: 'UTC',
      freeMail: rnd.chance(0.05),
      segment,
      territory,
      enrichedAt: iso(enrichedAt),
    },
  };
  const [enrichedId] = line.append(enrichedAt, `enrichment-${leadId}`, [enriched], { leadId, correlationId, causationId: capturedId });

  const grade = rnd.weighted<Grade>([
    ['A', 20],
    ['B', 30],
    ['C', 35],
    ['F', 15],
  ]);
  const score = { A: rnd.int(80, 100), B: rnd.int(60, 79), C: rnd.int(40, 59), F: rnd.int(0, 39) }[grade];
  const scoredAt = enrichedAt + rnd.int(100, 2_000);
  const scored: LeadScored = {
    type: 'LeadScored',
    data: {
      leadId,
      modelId: 'icp',
      modelVersion: 3,
      score,
      grade,
      reasons: [`grade ${grade}`],
      features: { segment },
      scoredAt: iso(scoredAt),
    },
  };
  const events: Domain[] = [scored];
  if (grade === 'F')
    events.push({
      type: 'LeadSentToRecyclePool',
      data: { leadId, reason: `score ${score} below the C threshold`, at: iso(scoredAt) },
    } satisfies LeadSentToRecyclePool);
  const [scoredId] = line.append(scoredAt, `score-${leadId}`, events, { leadId, correlationId, causationId: enrichedId });
  line.history.leads += 1;
  return { id: leadId, correlationId, capture, segment, territory, grade, quality, scoredId, scoredAt };
}

function duplicates(line: Line, leadId: string, primary: LeadCapture, t: number): void {
  const { rnd } = line;
  if (!rnd.chance(0.1)) return;
  for (let i = rnd.int(1, 2); i > 0; i--) {
    const at = t + rnd.int(1, 30) * DAY;
    const capture: LeadCapture = {
      ...primary,
      captureId: rnd.uuid(),
      source: rnd.pick(['inbound-web', 'content-download', 'event'] as const),
      vendorId: null,
      listId: null,
      capturedAt: iso(at),
    };
    const dup: LeadDuplicateCaptured = {
      type: 'LeadDuplicateCaptured',
      data: { leadId, matchedOn: rnd.pick(['email', 'phone', 'company'] as const), capture },
    };
    line.append(at, `lead-${leadId}`, [dup], { leadId, correlationId: capture.captureId });
    if (rnd.chance(0.1)) {
      // A wrong merge undone: the capture becomes a lead of its own (its later steps are left out).
      const newLeadId = rnd.uuid();
      const unmergedAt = at + rnd.int(1, 48) * HOUR;
      const unmerged: LeadDuplicateUnmerged = {
        type: 'LeadDuplicateUnmerged',
        data: { leadId, captureId: capture.captureId, newLeadId, reason: 'different person', unmergedAt: iso(unmergedAt) },
      };
      line.append(unmergedAt, `lead-${leadId}`, [unmerged], { leadId, correlationId: capture.captureId });
      const own = { ...capture, capturedAt: iso(unmergedAt) };
      const captured = leadIntakeDecider.decide(
        { type: 'CaptureLead', data: { leadId: newLeadId, capture: own } },
        leadIntakeDecider.initialState(),
      );
      line.append(unmergedAt, `lead-${newLeadId}`, captured, { leadId: newLeadId, correlationId: capture.captureId });
    }
  }
}

function decision(line: Line, lead: Lead, team: SdrTeam, pool: readonly string[], chosen: string, at: number): AssignmentDecision {
  return {
    policyId: 'least-loaded',
    policyVersion: 1,
    seed: line.rnd.int(1, 2 ** 31),
    decidedAt: iso(at),
    lead: { team, territory: lead.territory, segment: lead.segment },
    pool: pool.map((sdrId) => ({
      sdrId,
      openLeads: line.assigned.get(sdrId) ?? 0,
      assignedThisWeek: (line.assigned.get(sdrId) ?? 0) % 160,
      weeklyCapacity: 160,
      lastAssignedAt: null,
    })),
    excluded: [],
    chosenSdrId: chosen,
    tieBreak: pool.length === 1 ? 'only-candidate' : 'load',
  };
}

/** Assignment, notifications, SLA breaches and reassignment, activities, qualify or disqualify. */
function work(line: Line, lead: Lead, releasedAt: number): { qualifiedAt: number; sdrId: string } | null {
  const { rnd } = line;
  const leadId = lead.id;
  const stream = `assignment-${leadId}`;
  const team: SdrTeam = isInbound(lead.capture.source) ? 'inbound' : 'outbound';
  const sdrs = team === 'inbound' ? INBOUND_SDRS : OUTBOUND_SDRS;
  const pool = [rnd.pick(sdrs), rnd.pick(sdrs), rnd.pick(sdrs)].filter((s, i, all) => all.indexOf(s) === i);
  let sdrId = line.fewest(line.assigned, pool);
  line.bump(line.assigned, sdrId);
  let t = releasedAt + rnd.int(50, 1_500);
  let slaDueAt: number | null = team === 'inbound' ? t + 5 * MINUTE : null;
  const assigned: LeadAssigned = {
    type: 'LeadAssigned',
    data: {
      leadId,
      sdrId,
      team,
      source: lead.capture.source,
      decision: decision(line, lead, team, pool, sdrId, t),
      slaDueAt: slaDueAt === null ? null : iso(slaDueAt),
      slaTimerId: slaDueAt === null ? null : rnd.uuid(),
      assignedAt: iso(t),
    },
  };
  const [assignedId] = line.append(t, stream, [assigned], { leadId, correlationId: lead.correlationId, causationId: lead.scoredId });
  notify(line, lead, sdrId, 'assignment', assignedId, t + rnd.int(200, 3_000));

  // First touch: inbound mostly inside the 5-minute SLA; the rest breach, and most of those move on.
  let firstTouch =
    team === 'inbound' ? t + (rnd.chance(0.78) ? rnd.int(20, 290) * 1_000 : rnd.int(6, 90) * MINUTE) : t + rnd.int(1, 72) * HOUR;
  for (let breaches = 0; slaDueAt !== null && firstTouch > slaDueAt && breaches < 2; breaches++) {
    const due = slaDueAt;
    const breach: FirstTouchSlaBreached = {
      type: 'FirstTouchSlaBreached',
      data: { leadId, sdrId, slaDueAt: iso(due), breachedAt: iso(due) },
    };
    const [breachId] = line.append(due, stream, [breach], { leadId, correlationId: lead.correlationId, causationId: assignedId });
    notify(line, lead, sdrId, 'sla-breach', breachId, due + rnd.int(200, 3_000));
    slaDueAt = null;
    if (!rnd.chance(0.7)) break;
    const others = sdrs.filter((s) => s !== sdrId);
    const next = line.fewest(line.assigned, others);
    line.bump(line.assigned, next);
    const at = due + rnd.int(100, 2_000);
    slaDueAt = at + 5 * MINUTE;
    const reassigned: LeadReassigned = {
      type: 'LeadReassigned',
      data: {
        leadId,
        fromSdrId: sdrId,
        sdrId: next,
        reason: 'sla-breach',
        decision: decision(line, lead, team, others, next, at),
        slaDueAt: iso(slaDueAt),
        slaTimerId: rnd.uuid(),
        reassignedAt: iso(at),
      },
    };
    const [reassignedId] = line.append(at, stream, [reassigned], { leadId, correlationId: lead.correlationId, causationId: breachId });
    notify(line, lead, next, 'assignment', reassignedId, at + rnd.int(200, 3_000));
    sdrId = next;
    t = at;
    firstTouch = rnd.chance(0.7) ? at + rnd.int(20, 280) * 1_000 : at + rnd.int(6, 60) * MINUTE;
  }

  const quality = lead.quality * { A: 1.6, B: 1.1, C: 0.7, F: 0 }[lead.grade] * (team === 'inbound' ? 1.3 : 0.7);
  let at = firstTouch;
  let contacted = false;
  let positive = false;
  for (let i = rnd.int(1, 6); i > 0; i--) {
    const outcome = rnd.chance(Math.min(0.6, 0.12 * quality)) ? 'positive' : rnd.weighted(OUTCOMES);
    contacted ||= ['connected', 'positive', 'negative', 'callback'].includes(outcome);
    positive ||= outcome === 'positive';
    const activity: ActivityLogged = {
      type: 'ActivityLogged',
      data: {
        leadId,
        sdrId,
        activityId: rnd.uuid(),
        kind: rnd.weighted<ActivityKind>([
          ['call', 60],
          ['email', 30],
          ['social', 10],
        ]),
        outcome,
        notes: null,
        firstTouch: at === firstTouch,
        at: iso(at),
      },
    };
    line.append(at, stream, [activity], { leadId, correlationId: leadId });
    at += rnd.int(1, 96) * HOUR;
  }
  const decidedAt = at - rnd.int(0, 50) * MINUTE;
  if (positive && rnd.chance(0.75)) {
    const qualified: LeadQualified = {
      type: 'LeadQualified',
      data: { leadId, sdrId, reason: 'need, budget and timing confirmed', at: iso(decidedAt) },
    };
    line.append(decidedAt, stream, [qualified], { leadId, correlationId: leadId });
    line.history.qualified += 1;
    return { qualifiedAt: decidedAt, sdrId };
  }
  if (rnd.chance(contacted ? 0.5 : 0.25)) {
    const reason = contacted ? rnd.pick(DISQUALIFY_REASONS) : 'unreachable';
    const disqualified: LeadDisqualified = { type: 'LeadDisqualified', data: { leadId, sdrId, reason, at: iso(decidedAt) } };
    line.append(decidedAt, stream, [disqualified], { leadId, correlationId: leadId });
  }
  return null;
}

function notify(line: Line, lead: Lead, sdrId: string, purpose: SdrNotified['data']['purpose'], aboutEventId: string, at: number): void {
  const data: SdrNotified['data'] = {
    leadId: lead.id,
    sdrId,
    channel: 'email',
    purpose,
    recipient: `${sdrId}@leadline.example`,
    aboutEventId,
    notifiedAt: iso(at),
  };
  line.append(at, `assignment-${lead.id}`, [{ type: 'SdrNotified', data }], {
    leadId: lead.id,
    correlationId: lead.correlationId,
    causationId: aboutEventId,
  });
}

/** Slots, a fair booking, reminder, reschedule, then cancelled / no-show (re-booked once) / held. */
function appointments(
  line: Line,
  lead: Lead,
  from: number,
): { heldId: string; heldAt: number; appointmentId: string; aeId: string } | null {
  const { rnd } = line;
  const leadId = lead.id;
  let t = from;
  for (let attempt = 0; attempt < 2; attempt++) {
    const appointmentId = rnd.uuid();
    const stream = `appointment-${appointmentId}`;
    const meta = { leadId, correlationId: leadId };
    t += rnd.int(10, 240) * MINUTE;
    const day = Math.floor((t + rnd.int(1, 6) * DAY) / DAY) * DAY;
    const slots = GURUS.filter(() => rnd.chance(0.7))
      .slice(0, 3)
      .map((aeId, i) => ({ aeId, start: iso(day + (9 + 2 * i) * HOUR), end: iso(day + (10 + 2 * i) * HOUR) }));
    if (slots.length === 0) slots.push({ aeId: GURUS[0], start: iso(day + 9 * HOUR), end: iso(day + 10 * HOUR) });
    const offered: SlotsOffered = { type: 'SlotsOffered', data: { appointmentId, leadId, slots, at: iso(t) } };
    line.append(t, stream, [offered], meta);
    t += rnd.int(5, 600) * MINUTE;
    const month = iso(t).slice(0, 7);
    const key = (aeId: string) => `${month}/${aeId}`;
    const strict = rnd.chance(0.8);
    const fairest = slots.reduce((best, s) => ((line.credits.get(key(s.aeId)) ?? 0) < (line.credits.get(key(best.aeId)) ?? 0) ? s : best));
    const slot = strict ? fairest : rnd.pick(slots);
    const pool = slots.map((s) => ({ aeId: s.aeId, monthToDate: line.credits.get(key(s.aeId)) ?? 0, freeSlots: rnd.int(1, 8) }));
    line.bump(line.credits, key(slot.aeId));
    const booked: AppointmentBooked = {
      type: 'AppointmentBooked',
      data: {
        appointmentId,
        leadId,
        aeId: slot.aeId,
        salesEngineerId: rnd.chance(0.3) ? rnd.pick(ENGINEERS) : null,
        start: slot.start,
        end: slot.end,
        mode: strict ? 'strict' : 'flexible',
        equalityTraded: !strict && slot.aeId !== fairest.aeId,
        creditMonth: month,
        pool,
        seed: rnd.int(1, 2 ** 31),
        policyVersion: 1,
        at: iso(t),
      },
    };
    line.append(t, stream, [booked], meta);
    let aeId = slot.aeId;
    let start = Date.parse(slot.start);
    if (start - DAY > t) {
      const reminder: AppointmentReminderDue = {
        type: 'AppointmentReminderDue',
        data: { appointmentId, leadId, aeId, before: 'PT24H', start: slot.start, at: iso(start - DAY) },
      };
      line.append(start - DAY, stream, [reminder], { ...meta, causationId: rnd.uuid() });
    }
    if (rnd.chance(0.15)) {
      const at = start - rnd.int(2, 20) * HOUR;
      const to = rnd.chance(0.3) ? rnd.pick(GURUS) : aeId;
      start += rnd.int(1, 5) * DAY;
      const moved: AppointmentRescheduled = {
        type: 'AppointmentRescheduled',
        data: {
          appointmentId,
          leadId,
          aeId: to,
          fromAeId: aeId,
          start: iso(start),
          end: iso(start + HOUR),
          salesEngineerId: rnd.chance(0.5) ? rnd.pick(ENGINEERS) : null,
          at: iso(Math.max(at, t + MINUTE)),
        },
      };
      line.append(Math.max(at, t + MINUTE), stream, [moved], meta);
      if (to !== aeId) {
        line.bump(line.credits, key(aeId), -1);
        line.bump(line.credits, key(to));
      }
      aeId = to;
    }
    const fate = rnd.next();
    if (fate < 0.08) {
      const cancelled: AppointmentCancelled = {
        type: 'AppointmentCancelled',
        data: { appointmentId, leadId, aeId, reason: rnd.pick(['prospect cancelled', 'budget frozen']), at: iso(start - HOUR) },
      };
      line.append(Math.max(start - HOUR, t + MINUTE), stream, [cancelled], meta);
      line.bump(line.credits, key(aeId), -1);
      return null;
    }
    if (fate < 0.22) {
      const noShow: AppointmentNoShow = { type: 'AppointmentNoShow', data: { appointmentId, leadId, aeId, at: iso(start + 15 * MINUTE) } };
      line.append(start + 15 * MINUTE, stream, [noShow], meta);
      line.bump(line.credits, key(aeId), -1);
      if (!rnd.chance(0.5)) return null;
      t = start + rnd.int(1, 48) * HOUR;
      continue;
    }
    const heldAt = start + HOUR;
    const held: AppointmentHeld = { type: 'AppointmentHeld', data: { appointmentId, leadId, aeId, at: iso(heldAt) } };
    const [heldId] = line.append(heldAt, stream, [held], meta);
    return { heldId, heldAt, appointmentId, aeId };
  }
  return null;
}

/** Opportunity from the held demo: outcome, hand-over, stages, won or lost; nurture and recycling. */
function pipeline(line: Line, lead: Lead, held: { heldId: string; heldAt: number; appointmentId: string; aeId: string }): void {
  const { rnd } = line;
  const leadId = lead.id;
  const opportunityId = rnd.uuid();
  const stream = `opportunity-${opportunityId}`;
  const meta = { leadId, correlationId: leadId };
  let t = held.heldAt + rnd.int(1, 20) * 1_000;
  const opened: OpportunityOpened = {
    type: 'OpportunityOpened',
    data: { opportunityId, leadId, aeId: held.aeId, appointmentId: held.appointmentId, at: iso(held.heldAt) },
  };
  line.append(t, stream, [opened], { ...meta, causationId: held.heldId });
  const outcomeAt = held.heldAt + rnd.int(10, 180) * MINUTE;
  const movedForward = rnd.chance(Math.min(0.9, 0.45 * lead.quality + 0.25));
  const hunterId = movedForward ? line.fewest(line.openDeals, HUNTERS) : null;
  const outcome: DemoOutcomeRecorded = {
    type: 'DemoOutcomeRecorded',
    data: { appointmentId: held.appointmentId, leadId, aeId: held.aeId, movedForward, hunterId, note: null, at: iso(outcomeAt) },
  };
  const [outcomeId] = line.append(outcomeAt, `appointment-${held.appointmentId}`, [outcome], meta);
  t = outcomeAt + rnd.int(1, 30) * 1_000;

  let aeId = held.aeId;
  if (!movedForward) {
    // Hopeless: back to the lead database; otherwise often kept warm in nurture for the same AE.
    const hopeless = rnd.chance(0.4);
    const lostAt = t + rnd.int(1, 10) * DAY;
    lose(line, lead, opportunityId, aeId, lostAt, hopeless, hopeless ? 'no fit' : 'not ready');
    if (!hopeless && rnd.chance(0.6)) nurture(line, lead, held.aeId, lostAt + rnd.int(1, 48) * HOUR);
    return;
  }
  if (hunterId && hunterId !== aeId) {
    const handed: OpportunityHandedOver = {
      type: 'OpportunityHandedOver',
      data: { opportunityId, leadId, fromAeId: aeId, aeId: hunterId, appointmentId: held.appointmentId, at: iso(outcomeAt) },
    };
    line.append(t, stream, [handed], { ...meta, causationId: outcomeId });
    aeId = hunterId;
  }
  line.bump(line.openDeals, aeId);
  const path: OpportunityStage[] = rnd.chance(0.2) ? ['demo', 'negotiation'] : ['demo', 'proposal', 'negotiation'];
  if (path.includes('proposal') && rnd.chance(0.15)) path.push('proposal', 'negotiation');
  let from: OpportunityStage = 'discovery';
  for (const to of path) {
    if (rnd.chance(0.12)) break; // lost in this stage
    t += rnd.int(1, 20) * DAY + rnd.int(0, 600) * MINUTE;
    const changed: OpportunityStageChanged = { type: 'OpportunityStageChanged', data: { opportunityId, leadId, from, to, at: iso(t) } };
    line.append(t, stream, [changed], meta);
    from = to;
  }
  t += rnd.int(2, 30) * DAY;
  line.bump(line.openDeals, aeId, -1);
  if (from === 'negotiation' && rnd.chance(Math.min(0.9, 0.5 * lead.quality + 0.2))) {
    win(line, lead, opportunityId, aeId, t);
    return;
  }
  lose(line, lead, opportunityId, aeId, t, rnd.chance(0.25), rnd.pick(LOSS_REASONS));
}

function lose(line: Line, lead: Lead, opportunityId: string, aeId: string, at: number, hopeless: boolean, reason: string): void {
  const leadId = lead.id;
  const lost: OpportunityLost = { type: 'OpportunityLost', data: { opportunityId, leadId, aeId, reason, hopeless, at: iso(at) } };
  const [lostId] = line.append(at, `opportunity-${opportunityId}`, [lost], { leadId, correlationId: leadId });
  if (!hopeless) return;
  const events = nurtureDecider.decide(
    { type: 'RecycleHopeless', data: { leadId, reason, coolOffDays: COOL_OFF_DAYS, at: iso(at) } },
    nurtureDecider.initialState(),
  );
  const recycledAt = at + line.rnd.int(50, 2_000);
  const [recycledId] = line.append(recycledAt, `nurture-${leadId}`, events, { leadId, correlationId: leadId, causationId: lostId });
  reopen(line, lead, recycledAt, reason, recycledId);
}

/** After the cool-off an outbound SDR owns the recycled lead again; some are qualified anew, by that SDR. */
function reopen(line: Line, lead: Lead, recycledAt: number, reason: string, causationId: string): void {
  const { rnd } = line;
  const leadId = lead.id;
  const at = recycledAt + COOL_OFF_DAYS * DAY;
  const sdrId = rnd.pick(OUTBOUND_SDRS);
  const reopened: LeadReopenedForOutbound = {
    type: 'LeadReopenedForOutbound',
    data: {
      leadId,
      fromSdrId: null,
      sdrId,
      team: 'outbound',
      source: lead.capture.source,
      decision: decision(line, lead, 'outbound', OUTBOUND_SDRS, sdrId, at),
      reason,
      recycledAt: iso(recycledAt),
      at: iso(at),
    },
  };
  const meta = { leadId, correlationId: leadId };
  line.append(at, `assignment-${leadId}`, [reopened], { ...meta, causationId });
  if (!rnd.chance(0.3)) return;
  const requalifiedAt = at + rnd.int(5, 20) * DAY;
  const qualified: LeadQualified = { type: 'LeadQualified', data: { leadId, sdrId, reason: 'budget found', at: iso(requalifiedAt) } };
  line.append(requalifiedAt, `assignment-${leadId}`, [qualified], meta);
}

function nurture(line: Line, lead: Lead, originalAeId: string, at: number): void {
  const { rnd } = line;
  const leadId = lead.id;
  const stream = `nurture-${leadId}`;
  const meta = { leadId, correlationId: leadId };
  const returnBy = iso(at + rnd.int(30, 360) * DAY);
  const command = {
    type: 'NurtureProspect' as const,
    data: { leadId, originalAeId, returnBy, reason: 'not ready this quarter', at: iso(at) },
  };
  const nurtured = nurtureDecider.decide(command, nurtureDecider.initialState());
  const [nurturedId] = line.append(at, stream, nurtured, meta);
  let state: NurtureState = nurtured.reduce<NurtureState>((s, e) => nurtureDecider.evolve(s, e), nurtureDecider.initialState());
  if (rnd.chance(0.45)) {
    const back = at + rnd.int(10, Math.max(11, Math.floor((Date.parse(returnBy) - at) / DAY))) * DAY;
    line.append(back, stream, nurtureDecider.decide({ type: 'ReturnFromNurture', data: { leadId, at: iso(back) } }, state), meta);
    return;
  }
  const elapsedAt = oneYearAfter(iso(at));
  const elapsed: NurtureYearElapsed = { type: 'NurtureYearElapsed', data: { leadId, nurturedAt: iso(at), at: elapsedAt } };
  const [elapsedId] = line.append(Date.parse(elapsedAt), stream, [elapsed], { ...meta, causationId: nurturedId });
  state = nurtureDecider.evolve(state, elapsed);
  const recycled = nurtureDecider.decide(
    { type: 'RecycleWithoutProgress', data: { leadId, nurturedAt: iso(at), coolOffDays: COOL_OFF_DAYS, at: elapsedAt } },
    state,
  );
  if (recycled.length > 0 && recycled[0].type === 'LeadRecycled' && recycled[0].data.reason === NO_PROGRESS_REASON) {
    line.append(Date.parse(elapsedAt) + rnd.int(50, 2_000), stream, recycled, { ...meta, causationId: elapsedId });
  }
}

/** Won deal → customer with a manager, onboarding, upsells, renewal windows, renewal or churn. */
function win(line: Line, lead: Lead, opportunityId: string, aeId: string, at: number): void {
  const { rnd } = line;
  const leadId = lead.id;
  const segment = lead.segment === 'unknown' ? null : lead.segment;
  const amount = Math.round(
    segment === 'enterprise'
      ? rnd.between(80_000, 300_000)
      : segment === 'mid-market'
        ? rnd.between(20_000, 80_000)
        : rnd.between(4_000, 20_000),
  );
  const renewalAt = at + 365 * DAY;
  const won: OpportunityWon = {
    type: 'OpportunityWon',
    data: {
      opportunityId,
      leadId,
      aeId,
      amount,
      margin: Math.round(rnd.between(0.3, 0.85) * 100) / 100,
      contractTermMonths: 12,
      renewalDate: iso(renewalAt),
      segment,
      at: iso(at),
    },
  };
  const [wonId] = line.append(at, `opportunity-${opportunityId}`, [won], { leadId, correlationId: leadId });

  const customerId = opportunityId;
  const stream = `customer-${customerId}`;
  const meta = { leadId, correlationId: leadId, causationId: wonId };
  let t = at + rnd.int(200, 5_000);
  // A customer without a segment is covered by every manager (customer-success's rule).
  const covers = (m: (typeof MANAGERS)[number]) => segment === null || m.segments.includes(segment);
  const covering = MANAGERS.filter(covers).map((m) => m.id);
  const managerId = line.fewest(line.clients, covering.length > 0 ? covering : MANAGERS.map((m) => m.id));
  const pool = MANAGERS.map((m) => ({ managerId: m.id, clients: line.clients.get(m.id) ?? 0, capacity: 150, segmentMatch: covers(m) }));
  line.bump(line.clients, managerId);
  const created: CustomerCreated = {
    type: 'CustomerCreated',
    data: { customerId, leadId, opportunityId, amount, renewalDate: iso(renewalAt), segment, at: iso(t) },
  };
  const assigned: CustomerManagerAssigned = {
    type: 'CustomerManagerAssigned',
    data: { customerId, leadId, managerId, segmentMatched: covering.length > 0, pool, at: iso(t) },
  };
  line.append(t, stream, [created, assigned], meta);
  t += rnd.int(3, 20) * DAY;
  const onboarded: CustomerOnboarded = { type: 'CustomerOnboarded', data: { customerId, leadId, at: iso(t) } };
  line.append(t, stream, [onboarded], { leadId, correlationId: leadId });
  if (rnd.chance(0.25)) {
    const upsellId = rnd.uuid();
    const openedAt = t + rnd.int(30, 150) * DAY;
    const opened: UpsellOpened = {
      type: 'UpsellOpened',
      data: { customerId, leadId, upsellId, description: 'more seats', handedTo: 'bizdev-1', at: iso(openedAt) },
    };
    line.append(openedAt, stream, [opened], { leadId, correlationId: leadId });
    const wonUpsell = rnd.chance(0.5);
    const closedAt = openedAt + rnd.int(5, 40) * DAY;
    const closed: UpsellClosed = {
      type: 'UpsellClosed',
      data: {
        customerId,
        leadId,
        upsellId,
        won: wonUpsell,
        amount: wonUpsell ? Math.round(amount * rnd.between(0.1, 0.5)) : null,
        at: iso(closedAt),
      },
    };
    line.append(closedAt, stream, [closed], { leadId, correlationId: leadId });
  }
  if (rnd.chance(0.08)) {
    const churnAt = t + rnd.int(200, 280) * DAY;
    const churned: CustomerChurned = {
      type: 'CustomerChurned',
      data: { customerId, leadId, reason: rnd.pick(CHURN_REASONS), at: iso(churnAt) },
    };
    line.append(churnAt, stream, [churned], { leadId, correlationId: leadId });
    line.bump(line.clients, managerId, -1);
    return;
  }
  for (const daysBefore of [60, 30]) {
    const openAt = renewalAt - daysBefore * DAY;
    const window: RenewalWindowOpened = {
      type: 'RenewalWindowOpened',
      data: { customerId, leadId, daysBefore, renewalDate: iso(renewalAt), at: iso(openAt) },
    };
    line.append(openAt, stream, [window], { leadId, correlationId: leadId, causationId: rnd.uuid() });
  }
  const decidedAt = renewalAt - rnd.int(0, 25) * DAY;
  if (rnd.chance(0.75)) {
    const renewed: CustomerRenewed = {
      type: 'CustomerRenewed',
      data: {
        customerId,
        leadId,
        newRenewalDate: iso(renewalAt + 365 * DAY),
        amount: Math.round(amount * rnd.between(0.9, 1.2)),
        at: iso(decidedAt),
      },
    };
    line.append(decidedAt, stream, [renewed], { leadId, correlationId: leadId });
  } else {
    const churned: CustomerChurned = {
      type: 'CustomerChurned',
      data: { customerId, leadId, reason: rnd.pick(CHURN_REASONS), at: iso(decidedAt) },
    };
    line.append(decidedAt, stream, [churned], { leadId, correlationId: leadId });
    line.bump(line.clients, managerId, -1);
  }
}

/** Everything after intake, from the moment the lead may be worked. */
function journey(line: Line, lead: Lead, releasedAt: number): boolean {
  if (lead.grade === 'F') return false;
  const worked = work(line, lead, Math.max(releasedAt, lead.scoredAt));
  if (!worked) return false;
  if (!line.rnd.chance(0.85)) return true;
  const held = appointments(line, lead, worked.qualifiedAt);
  if (held) pipeline(line, lead, held);
  return true;
}

interface PendingDecision {
  readonly at: number;
  readonly sampleQualified: number;
  readonly held: Lead[];
}

/**
 * A vendor's list of the wave: captured together when imported, received (the first list's sample
 * released, the rest held), and after a test period decided: held leads released or archived. A
 * list arriving before the decision is held too; one after it follows the decision.
 */
function vendorList(line: Line, vendor: { id: string; quality: number }, plans: readonly LeadPlan[]): void {
  const { rnd } = line;
  const leads = plans.map((plan) => intake(line, plan, vendor.quality));
  const listId = plans[0].listId ?? rnd.uuid();
  const at = Math.max(...plans.map((p) => p.capturedAt)) + rnd.int(5, 60) * 1_000;
  settleVendor(line, vendor.id, at);
  const state = line.vendors.get(vendor.id) ?? vendorDecider.initialState();
  const received = vendorDecider.decide(
    {
      type: 'ReceiveList',
      data: {
        vendorId: vendor.id,
        listId,
        leadIds: leads.map((l) => l.id),
        sampleSize: Math.max(1, Math.floor(leads.length / 4)),
        at: iso(at),
      },
    },
    state,
  );
  line.append(at, `vendor-${vendor.id}`, received, { correlationId: vendor.id });
  line.vendors.set(vendor.id, received.reduce(vendorDecider.evolve, state));
  const releasedNow = new Set(received.flatMap((e) => (e.type === 'VendorLeadsReleased' ? e.data.leadIds : [])));
  const archived = new Set(received.flatMap((e) => (e.type === 'VendorLeadsArchived' ? e.data.leadIds : [])));
  let qualified = 0;
  for (const lead of leads) if (releasedNow.has(lead.id) && journey(line, lead, at)) qualified += 1;
  const held = leads.filter((l) => !releasedNow.has(l.id) && !archived.has(l.id));
  const pending = line.decisions.get(vendor.id);
  if (pending) line.decisions.set(vendor.id, { ...pending, held: [...pending.held, ...held] });
  else if (held.length > 0 || state.status === 'new')
    line.decisions.set(vendor.id, { at: at + rnd.int(10, 21) * DAY, sampleQualified: qualified, held });
}

/** Decides a vendor whose test period ended by `now` (every pending one when `now` is omitted). */
function settleVendor(line: Line, vendorId: string, now = Infinity): void {
  const pending = line.decisions.get(vendorId);
  const state = line.vendors.get(vendorId);
  if (!pending || pending.at > now || state?.status !== 'sampling') return;
  line.decisions.delete(vendorId);
  const decided = vendorDecider.decide(
    {
      type: 'DecideVendor',
      data: {
        vendorId,
        sampleConversions: pending.sampleQualified,
        historicalConversions: line.history.qualified,
        historicalSize: Math.max(line.history.leads, 1),
        alpha: 0.05,
        test: 'auto',
        at: iso(pending.at),
      },
    },
    state,
  );
  line.append(pending.at, `vendor-${vendorId}`, decided, { correlationId: vendorId });
  line.vendors.set(vendorId, decided.reduce(vendorDecider.evolve, state));
  const released = new Set(decided.flatMap((e) => (e.type === 'VendorLeadsReleased' ? e.data.leadIds : [])));
  for (const lead of pending.held) if (released.has(lead.id)) journey(line, lead, pending.at);
}

/** Spend recorded for a calendar month (`YYYY-MM`), entered near its end, as users do. */
function spend(line: Line, period: string): void {
  const { rnd } = line;
  const monthStart = Date.parse(`${period}-01T00:00:00.000Z`);
  const entries: Omit<SpendRecorded['data'], 'spendId' | 'period' | 'at' | 'currency'>[] = [
    { channel: 'sdr-salaries', source: null, vendorId: null, campaignId: null, amount: 60_000 },
    { channel: 'ads', source: 'inbound-web', vendorId: null, campaignId: rnd.pick(CAMPAIGNS), amount: rnd.int(5_000, 20_000) },
    ...VENDORS.map((v) => ({
      channel: 'lists',
      source: 'purchased-list',
      vendorId: v.id,
      campaignId: null,
      amount: rnd.int(1_000, 5_000),
    })),
  ];
  for (const entry of entries) {
    const spendId = rnd.uuid();
    const at = monthStart + rnd.int(20, 27) * DAY;
    const data: SpendRecorded['data'] = { spendId, period, ...entry, currency: 'USD', at: iso(at) };
    line.append(at, `spend-${spendId}`, [{ type: 'SpendRecorded', data }], { correlationId: spendId });
  }
}

function planWave(line: Line, first: number, count: number, start: number, perDay: number): LeadPlan[] {
  const { rnd } = line;
  const plans: LeadPlan[] = [];
  for (let i = first; i < first + count; i++) {
    const source = rnd.weighted(SOURCES);
    const vendor = source === 'purchased-list' ? rnd.pick(VENDORS) : null;
    plans.push({
      leadId: rnd.uuid(),
      capturedAt: start + Math.floor((i / perDay) * DAY) + rnd.int(0, 50_000),
      source,
      vendorId: vendor?.id ?? null,
      listId: null,
    });
  }
  return plans;
}

/**
 * Appends of a whole history, wave by wave; within a wave in domain-time order. Deterministic
 * for a seed. About 14 events per lead on average.
 */
export function* generateHistory(options: HistoryOptions): Generator<HistoryAppend[]> {
  const line = new Line(options.seed);
  const start = Date.parse(options.start ?? '2025-01-06T08:00:00.000Z');
  const perDay = options.leadsPerDay ?? 60;
  const waveSize = options.wave ?? 2_000;
  rosters(line, start - DAY);
  const spentMonths = new Set<string>();
  for (let first = 0; first < options.leads; first += waveSize) {
    const plans = planWave(line, first, Math.min(waveSize, options.leads - first), start, perDay);
    for (const plan of plans.filter((p) => p.vendorId === null)) journey(line, intake(line, plan, 1), plan.capturedAt);
    for (const vendor of VENDORS) {
      const listed = plans.filter((p) => p.vendorId === vendor.id);
      if (listed.length === 0) continue;
      // A list arrives at once: its leads are captured together when it is imported.
      const listId = line.rnd.uuid();
      const at = listed[0].capturedAt;
      vendorList(
        line,
        vendor,
        listed.map((p, i) => ({ ...p, capturedAt: at + i * 200, listId })),
      );
    }
    for (const plan of plans) {
      const period = iso(plan.capturedAt).slice(0, 7);
      if (!spentMonths.has(period)) spend(line, period);
      spentMonths.add(period);
    }
    yield line.flush();
  }
  for (const vendor of VENDORS) settleVendor(line, vendor.id);
  yield line.flush();
}

/** The whole history as one list of appends (for tests of a few thousand leads). */
export function historyOf(options: HistoryOptions): HistoryAppend[] {
  return [...generateHistory(options)].flat();
}
