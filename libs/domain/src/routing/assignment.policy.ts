import type { Segment } from '../enrichment/enrichment.events';
import { seededRandom } from '../shared/seeded-random';
import { localTime } from '../shared/time-zone';
import { isOnTimeOff, withinWorkingHours } from '../shared/working-time';
import type { AssignmentDecision, PoolMember, SdrProfile, SdrTeam } from './routing.events';
import type { TimeOff } from './sdr.decider';
import { ACTIVE_ROUTING_POLICY, ruleById, ruleFor, type RoutingPolicy, type TeamRoutingRule } from './routing-policy';

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

/** Whether the SDR works the minute `at` (an ISO instant, or epoch ms) falls in, on their own wall clock. */
export function isOnShift(profile: SdrProfile, at: string | number): boolean {
  return withinWorkingHours(profile.workingHours, localTime(at, profile.timeZone), 1);
}

function covers(values: readonly string[], value: string | null): boolean {
  // Unknown territory or segment (enrichment knew nothing) does not block a lead: anyone on the team may take it.
  return value === null || value === 'unknown' || values.includes('*') || values.includes(value);
}

/** Why a candidate cannot take the lead under `rule` (the active team rule by default), or null when eligible. */
export function exclusionReason(
  candidate: SdrCandidate,
  request: AssignmentRequest,
  rule: TeamRoutingRule = ruleFor(ACTIVE_ROUTING_POLICY, request.team),
): string | null {
  return exclusionAt(candidate, request, rule, new Date(request.at).getTime());
}

/** exclusionReason with `request.at` read once for a whole roster (`now`, its epoch ms). */
function exclusionAt(candidate: SdrCandidate, request: AssignmentRequest, rule: TeamRoutingRule, now: number): string | null {
  const { profile } = candidate;
  if (request.excludeSdrIds?.includes(candidate.sdrId)) return 'previous owner';
  if (!profile.active) return 'inactive';
  if (profile.team !== request.team) return `team ${profile.team}`;
  if (!covers(profile.territories, request.territory)) return `territory ${request.territory} not covered`;
  if (!covers(profile.segments, request.segment)) return `segment ${request.segment} not covered`;
  if (isOnTimeOff(candidate.timeOff, now)) return 'time off';
  if (rule.capacity === 'enforced' && candidate.assignedThisWeek >= profile.weeklyCapacity) return 'weekly capacity reached';
  if (rule.shift === 'required' && !isOnShift(profile, now)) return 'off shift';
  return null;
}

type Ranked = Pick<AssignmentDecision, 'chosenSdrId' | 'tieBreak'>;

function keepMin<T>(items: readonly T[], key: (item: T) => number): T[] {
  const min = Math.min(...items.map(key));
  return items.filter((item) => key(item) === min);
}

const LOAD: Record<TeamRoutingRule['load'], (m: PoolMember) => number> = {
  'open-leads': (m) => m.openLeads,
  'weekly-capacity-share': (m) => m.assignedThisWeek / m.weeklyCapacity,
  'assigned-this-week': (m) => m.assignedThisWeek,
};

function resolveRule(rule: TeamRoutingRule | string): TeamRoutingRule {
  if (typeof rule !== 'string') return rule;
  const known = ruleById(rule);
  if (!known) throw new Error(`unknown routing rule ${rule}`);
  return known;
}

/** Picks from an eligible pool: pure in (rule, pool, seed), so a recorded decision replays. */
export function rankPool(rule: TeamRoutingRule | string, pool: readonly PoolMember[], seed: number): Ranked {
  if (pool.length === 0) throw new Error('cannot rank an empty pool');
  if (pool.length === 1) return { chosenSdrId: pool[0].sdrId, tieBreak: 'only-candidate' };
  const leastLoaded = keepMin(pool, LOAD[resolveRule(rule).load]);
  if (leastLoaded.length === 1) return { chosenSdrId: leastLoaded[0].sdrId, tieBreak: 'load' };
  const longestIdle = keepMin(leastLoaded, (m) => (m.lastAssignedAt === null ? -Infinity : new Date(m.lastAssignedAt).getTime()));
  if (longestIdle.length === 1) return { chosenSdrId: longestIdle[0].sdrId, tieBreak: 'longest-since-last-assignment' };
  const ordered = [...longestIdle].sort((a, b) => (a.sdrId < b.sdrId ? -1 : 1));
  const draw = Math.floor(seededRandom(seed)() * ordered.length);
  return { chosenSdrId: ordered[draw].sdrId, tieBreak: 'seeded-draw' };
}

/** Chooses an SDR for a lead under `policy` (the active one by default), or returns null with the exclusions when nobody is eligible. */
export function decideAssignment(
  request: AssignmentRequest,
  candidates: readonly SdrCandidate[],
  routingPolicy: RoutingPolicy = ACTIVE_ROUTING_POLICY,
): { decision: AssignmentDecision | null; excluded: AssignmentDecision['excluded'] } {
  const policy = ruleFor(routingPolicy, request.team);
  const excluded: { sdrId: string; reason: string }[] = [];
  const pool: PoolMember[] = [];
  const now = new Date(request.at).getTime();
  for (const candidate of [...candidates].sort((a, b) => (a.sdrId < b.sdrId ? -1 : 1))) {
    const reason = exclusionAt(candidate, request, policy, now);
    if (reason) excluded.push({ sdrId: candidate.sdrId, reason });
    else {
      const { sdrId, openLeads, assignedThisWeek, lastAssignedAt } = candidate;
      pool.push({ sdrId, openLeads, assignedThisWeek, lastAssignedAt, weeklyCapacity: candidate.profile.weeklyCapacity });
    }
  }
  if (pool.length === 0) return { decision: null, excluded };
  const ranked = rankPool(policy, pool, request.seed);
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

/** Re-runs a recorded decision's ranking; equal to `chosenSdrId` when the policy is unchanged. `rules`: candidate rules a decision may name. */
export function replayDecision(decision: AssignmentDecision, rules: readonly TeamRoutingRule[] = []): string {
  const rule = ruleById(decision.policyId, rules);
  if (!rule) throw new Error(`unknown routing rule ${decision.policyId}`);
  return rankPool(rule, decision.pool, decision.seed).chosenSdrId;
}

/** One sentence a rep or manager can read. */
export function explainDecision(decision: AssignmentDecision, rules: readonly TeamRoutingRule[] = []): string {
  const chosen = decision.pool.find((m) => m.sdrId === decision.chosenSdrId);
  const load = ruleById(decision.policyId, rules)?.load ?? 'open-leads';
  const loadWords: Record<TeamRoutingRule['load'], string> = {
    'open-leads': 'the fewest open leads',
    'weekly-capacity-share': 'the lowest share of weekly capacity used',
    'assigned-this-week': 'the fewest assignments this week',
  };
  const why: Record<AssignmentDecision['tieBreak'], string> = {
    'only-candidate': 'the only eligible SDR',
    load: loadWords[load],
    'longest-since-last-assignment': 'tied on load and waited longest since the last assignment',
    'seeded-draw': `tied on load and idle time; won the seeded draw (seed ${decision.seed})`,
  };
  return (
    `${decision.chosenSdrId} got the lead under ${decision.policyId} v${decision.policyVersion}: ${why[decision.tieBreak]} ` +
    `among ${decision.pool.length} eligible (${chosen?.openLeads ?? 0} open, ${chosen?.assignedThisWeek ?? 0}/${chosen?.weeklyCapacity ?? 0} this week); ` +
    `${decision.excluded.length} excluded.`
  );
}
