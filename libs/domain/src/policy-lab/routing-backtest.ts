import { isInbound } from '../lead/lead-source';
import { jainIndex } from '../metrics/jain-index';
import { firstTouchMinutes, DEFAULT_FIRST_TOUCH_SLA, type FirstTouchSlaPolicy } from '../routing/first-touch-sla';
import type { SdrTeam } from '../routing/routing.events';
import { addMinutes } from '../shared/calendar';
import type { RoutingHistory } from './routing-history';
import type { RoutingReplay, ReplayedRequest } from './routing-replay';

export interface SdrLoadRow {
  readonly sdrId: string;
  readonly team: SdrTeam;
  readonly assigned: number;
  readonly recorded: number;
  /** Expected first-touch SLA misses among the inbound leads this SDR would get. */
  readonly expectedSlaMisses: number | null;
}

export interface TeamFairness {
  readonly team: SdrTeam;
  readonly sdrs: number;
  readonly maxMinusMin: number;
  readonly jain: number;
  readonly recordedMaxMinusMin: number;
  readonly recordedJain: number;
}

export interface RoutingBacktest {
  readonly policyId: string;
  readonly version: number;
  readonly requests: number;
  /** Requests where the policy chose the SDR the line chose. */
  readonly sameAsRecorded: number;
  readonly differences: readonly { leadId: string; purpose: string; recorded: string | null; replayed: string | null; at: string }[];
  readonly perSdr: readonly SdrLoadRow[];
  readonly fairness: readonly TeamFairness[];
  /** Requests nobody could take at the moment they were made, and leads still without an SDR at the end. */
  readonly nobodyAtFirst: number;
  readonly neverPlaced: number;
  readonly offShift: number;
  readonly overCapacity: number;
  readonly sla: {
    readonly inboundLeads: number;
    /** Expected misses of the first-touch SLA; null when no response time was recorded at all. */
    readonly expectedMisses: number | null;
    readonly expectedWithinSla: number | null;
    /** Inbound leads placed after their SLA was already due (or never): certain misses. */
    readonly placedTooLate: number;
  };
}

/**
 * Minutes from each (re)assignment to the first touch, per SDR that touched it: how fast each SDR
 * really responds. A first touch that moved to an earlier activity logged later replaces its sample.
 */
export function recordedResponseMinutes(history: RoutingHistory): Map<string, number[]> {
  const assignedAt = new Map<string, string>();
  const samples = new Map<string, number[]>();
  const sampled = new Map<string, { readonly sdrId: string; readonly index: number }>();
  for (const step of history.steps) {
    if (step.kind === 'request' && step.recordedSdrId !== null) {
      assignedAt.set(step.leadId, step.at);
      sampled.delete(step.leadId);
    }
    if (step.kind === 'first-touch') {
      const from = assignedAt.get(step.leadId);
      if (!from) continue;
      const minutes = Math.max(0, (Date.parse(step.at) - Date.parse(from)) / 60_000);
      const earlier = sampled.get(step.leadId);
      const own = samples.get(step.sdrId) ?? [];
      if (earlier && earlier.sdrId === step.sdrId) {
        own[earlier.index] = Math.min(own[earlier.index], minutes);
        continue;
      }
      samples.set(step.sdrId, [...own, minutes]);
      sampled.set(step.leadId, { sdrId: step.sdrId, index: own.length });
    }
  }
  return samples;
}

/** Share of samples strictly above `minutes`. */
const missShare = (samples: readonly number[], minutes: number) => samples.filter((s) => s > minutes).length / samples.length;

function slaDueAt(r: ReplayedRequest, sla: FirstTouchSlaPolicy): string | null {
  if (r.capturedAt === null || r.source === null) return null;
  return addMinutes(r.capturedAt, firstTouchMinutes(sla, r.source, r.decision?.lead.segment ?? 'unknown'));
}

/** The chance the lead misses its first touch: certain when it lands too late or off shift, else from the SDR's recorded responses (the team's when they have none). */
function missProbability(r: ReplayedRequest, due: string | null, responses: Map<string, number[]>, pooled: number[]): number | null {
  if (r.sdrId === null || r.placedAt === null || due === null) return 1;
  const left = (Date.parse(due) - Date.parse(r.placedAt)) / 60_000;
  if (left <= 0 || r.offShift) return 1;
  const own = responses.get(r.sdrId) ?? [];
  const samples = own.length > 0 ? own : pooled;
  return samples.length === 0 ? null : missShare(samples, left);
}

function spread(counts: readonly number[]): number {
  return counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts);
}

/**
 * The report of one replayed policy: per SDR load against the recorded one, fairness per team
 * (max−min and Jain's index of assignments), leads nobody could take, leads that would land on an
 * SDR off shift or over capacity, and the first-touch SLA exposure expected from each SDR's
 * recorded response times (the share of their recorded responses slower than the time left).
 */
export function routingBacktest(
  history: RoutingHistory,
  replay: RoutingReplay,
  options: { sla?: FirstTouchSlaPolicy; maxDifferences?: number } = {},
): RoutingBacktest {
  const sla = options.sla ?? DEFAULT_FIRST_TOUCH_SLA;
  const responses = recordedResponseMinutes(history);
  const pooled = [...responses.values()].flat();
  const assigned = new Map<string, number>();
  const recorded = new Map<string, number>();
  const misses = new Map<string, number>();
  let expectedMisses: number | null = 0;
  let inboundLeads = 0;
  let placedTooLate = 0;
  const differences: RoutingBacktest['differences'][number][] = [];
  let same = 0;
  for (const r of replay.requests) {
    if (r.sdrId !== null) assigned.set(r.sdrId, (assigned.get(r.sdrId) ?? 0) + 1);
    if (r.recordedSdrId !== null) recorded.set(r.recordedSdrId, (recorded.get(r.recordedSdrId) ?? 0) + 1);
    if (r.sdrId === r.recordedSdrId) same++;
    else if (differences.length < (options.maxDifferences ?? 50))
      differences.push({ leadId: r.leadId, purpose: r.purpose, recorded: r.recordedSdrId, replayed: r.sdrId, at: r.requestedAt });
    if (r.purpose !== 'assign' || r.team !== 'inbound' || r.source === null || !isInbound(r.source)) continue;
    inboundLeads++;
    const due = slaDueAt(r, sla);
    const p = missProbability(r, due, responses, pooled);
    if (r.placedAt === null || due === null || r.placedAt >= due) placedTooLate++;
    if (p === null || expectedMisses === null) expectedMisses = null;
    else {
      expectedMisses += p;
      if (r.sdrId !== null) misses.set(r.sdrId, (misses.get(r.sdrId) ?? 0) + p);
    }
  }
  const perSdr: SdrLoadRow[] = (['inbound', 'outbound'] as const).flatMap((team) =>
    [...replay.roster[team]].sort().map((sdrId) => ({
      sdrId,
      team,
      assigned: assigned.get(sdrId) ?? 0,
      recorded: recorded.get(sdrId) ?? 0,
      expectedSlaMisses: team === 'inbound' && expectedMisses !== null ? (misses.get(sdrId) ?? 0) : null,
    })),
  );
  const fairness = (['inbound', 'outbound'] as const)
    .map((team) => {
      const rows = perSdr.filter((r) => r.team === team);
      const now = rows.map((r) => r.assigned);
      const then = rows.map((r) => r.recorded);
      return {
        team,
        sdrs: rows.length,
        maxMinusMin: spread(now),
        jain: jainIndex(now),
        recordedMaxMinusMin: spread(then),
        recordedJain: jainIndex(then),
      };
    })
    .filter((f) => f.sdrs > 0);
  return {
    policyId: replay.policy.policyId,
    version: replay.policy.version,
    requests: replay.requests.length,
    sameAsRecorded: same,
    differences,
    perSdr,
    fairness,
    nobodyAtFirst: replay.requests.filter((r) => r.waited).length,
    neverPlaced: replay.requests.filter((r) => r.sdrId === null && r.purpose !== 'reassign').length,
    offShift: replay.requests.filter((r) => r.offShift).length,
    overCapacity: replay.requests.filter((r) => r.overCapacity).length,
    sla: {
      inboundLeads,
      expectedMisses,
      expectedWithinSla: expectedMisses === null || inboundLeads === 0 ? null : 1 - expectedMisses / inboundLeads,
      placedTooLate,
    },
  };
}
