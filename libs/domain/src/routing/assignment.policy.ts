import type { Segment } from '../enrichment/enrichment.events';
import { seededRandom } from '../shared/seeded-random';
import { localTime } from '../shared/time-zone';
import { isOnTimeOff, withinWorkingHours } from '../shared/working-time';
import type { AssignmentDecision, PoolMember, SdrProfile, SdrTeam } from './routing.events';
import type { TimeOff } from './sdr.decider';

export const INBOUND_POLICY = { id: 'inbound-on-shift-fewest-open', version: 1 } as const;
export const OUTBOUND_POLICY = { id: 'outbound-even-weekly-spread', version: 1 } as const;

/** A roster entry with the load the read model counted for it. */
export interface SdrCandidate {
  readonly sdrId: string;
  readonly profile: SdrProfile;
  readonly timeOff: readonly TimeOff[];
  readonly openLeads: number;
  readonly assignedThisWeek: number;
  readonly lastAssignedAt: string | null;
}

export interface AssignmentRequest {
  readonly team: SdrTeam;
  readonly territory: string | null;
  readonly segment: Segment;
  readonly at: string;
  readonly seed: number;
  /** SDRs that may not get the lead (e.g. the owner who breached the SLA). */
  readonly excludeSdrIds?: readonly string[];
}

/** Whether the SDR works the minute `at` falls in, on their own wall clock. */
export function isOnShift(profile: SdrProfile, at: string): boolean {
  return withinWorkingHours(profile.workingHours, localTime(at, profile.timeZone), 1);
}

function covers(values: readonly string[], value: string | null): boolean {
  // Unknown territory or segment (enrichment knew nothing) does not block a lead: anyone on the team may take it.
  return value === null || value === 'unknown' || values.includes('*') || values.includes(value);
}

/** Why a candidate cannot take the lead, or null when eligible. */
export function exclusionReason(candidate: SdrCandidate, request: AssignmentRequest): string | null {
  const { profile } = candidate;
  const now = new Date(request.at).getTime();
  if (request.excludeSdrIds?.includes(candidate.sdrId)) return 'previous owner';
  if (!profile.active) return 'inactive';
  if (profile.team !== request.team) return `team ${profile.team}`;
  if (!covers(profile.territories, request.territory)) return `territory ${request.territory} not covered`;
  if (!covers(profile.segments, request.segment)) return `segment ${request.segment} not covered`;
  if (isOnTimeOff(candidate.timeOff, now)) return 'time off';
  if (candidate.assignedThisWeek >= profile.weeklyCapacity) return 'weekly capacity reached';
  if (request.team === 'inbound' && !isOnShift(profile, request.at)) return 'off shift';
  return null;
}

type Ranked = Pick<AssignmentDecision, 'chosenSdrId' | 'tieBreak'>;

function keepMin<T>(items: readonly T[], key: (item: T) => number): T[] {
  const min = Math.min(...items.map(key));
  return items.filter((item) => key(item) === min);
}

/** Picks from an eligible pool: pure in (policy, pool, seed), so a recorded decision replays. */
export function rankPool(policyId: string, pool: readonly PoolMember[], seed: number): Ranked {
  if (pool.length === 0) throw new Error('cannot rank an empty pool');
  if (pool.length === 1) return { chosenSdrId: pool[0].sdrId, tieBreak: 'only-candidate' };
  const load = policyId === OUTBOUND_POLICY.id ? (m: PoolMember) => m.assignedThisWeek / m.weeklyCapacity : (m: PoolMember) => m.openLeads;
  const leastLoaded = keepMin(pool, load);
  if (leastLoaded.length === 1) return { chosenSdrId: leastLoaded[0].sdrId, tieBreak: 'load' };
  const longestIdle = keepMin(leastLoaded, (m) => (m.lastAssignedAt === null ? -Infinity : new Date(m.lastAssignedAt).getTime()));
  if (longestIdle.length === 1) return { chosenSdrId: longestIdle[0].sdrId, tieBreak: 'longest-since-last-assignment' };
  const ordered = [...longestIdle].sort((a, b) => (a.sdrId < b.sdrId ? -1 : 1));
  const draw = Math.floor(seededRandom(seed)() * ordered.length);
  return { chosenSdrId: ordered[draw].sdrId, tieBreak: 'seeded-draw' };
}

/** Chooses an SDR for a lead, or returns null with the exclusions when nobody is eligible. */
export function decideAssignment(
  request: AssignmentRequest,
  candidates: readonly SdrCandidate[],
): { decision: AssignmentDecision | null; excluded: AssignmentDecision['excluded'] } {
  const policy = request.team === 'inbound' ? INBOUND_POLICY : OUTBOUND_POLICY;
  const excluded: { sdrId: string; reason: string }[] = [];
  const pool: PoolMember[] = [];
  for (const candidate of [...candidates].sort((a, b) => (a.sdrId < b.sdrId ? -1 : 1))) {
    const reason = exclusionReason(candidate, request);
    if (reason) excluded.push({ sdrId: candidate.sdrId, reason });
    else {
      const { sdrId, openLeads, assignedThisWeek, lastAssignedAt } = candidate;
      pool.push({ sdrId, openLeads, assignedThisWeek, lastAssignedAt, weeklyCapacity: candidate.profile.weeklyCapacity });
    }
  }
  if (pool.length === 0) return { decision: null, excluded };
  const ranked = rankPool(policy.id, pool, request.seed);
  const decision: AssignmentDecision = {
    policyId: policy.id,
    policyVersion: policy.version,
    seed: request.seed,
    decidedAt: request.at,
    lead: { team: request.team, territory: request.territory, segment: request.segment },
    pool,
    excluded,
    ...ranked,
  };
  return { decision, excluded };
}

/** Re-runs a recorded decision's ranking; equal to `chosenSdrId` when the policy is unchanged. */
export function replayDecision(decision: AssignmentDecision): string {
  return rankPool(decision.policyId, decision.pool, decision.seed).chosenSdrId;
}

/** One sentence a rep or manager can read. */
export function explainDecision(decision: AssignmentDecision): string {
  const chosen = decision.pool.find((m) => m.sdrId === decision.chosenSdrId);
  const why: Record<AssignmentDecision['tieBreak'], string> = {
    'only-candidate': 'the only eligible SDR',
    load: decision.policyId === OUTBOUND_POLICY.id ? 'the lowest share of weekly capacity used' : 'the fewest open leads',
    'longest-since-last-assignment': 'tied on load and waited longest since the last assignment',
    'seeded-draw': `tied on load and idle time; won the seeded draw (seed ${decision.seed})`,
  };
  return (
    `${decision.chosenSdrId} got the lead under ${decision.policyId} v${decision.policyVersion}: ${why[decision.tieBreak]} ` +
    `among ${decision.pool.length} eligible (${chosen?.openLeads ?? 0} open, ${chosen?.assignedThisWeek ?? 0}/${chosen?.weeklyCapacity ?? 0} this week); ` +
    `${decision.excluded.length} excluded.`
  );
}
