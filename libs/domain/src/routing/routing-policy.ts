import type { SdrTeam } from './routing.events';

/** What "least loaded" means when ranking an eligible pool. */
export type LoadMeasure = 'open-leads' | 'weekly-capacity-share' | 'assigned-this-week';
export const LOAD_MEASURES: readonly LoadMeasure[] = ['open-leads', 'weekly-capacity-share', 'assigned-this-week'];

/**
 * One team's assignment rule: who is eligible and how the pool is ranked. The ranking's tie-breaks
 * (longest since the last assignment, then a seeded draw) are the same for every rule.
 */
export interface TeamRoutingRule {
  readonly id: string;
  readonly version: number;
  readonly load: LoadMeasure;
  /** 'required': an SDR off shift (in their own time zone) is not eligible. */
  readonly shift: 'required' | 'ignored';
  /** 'enforced': an SDR at their weekly capacity is not eligible. */
  readonly capacity: 'enforced' | 'ignored';
}

/** The rules routing runs, one per team: versioned configuration, so a candidate can be back-tested and shadowed. */
export interface RoutingPolicy {
  readonly policyId: string;
  readonly version: number;
  readonly inbound: TeamRoutingRule;
  readonly outbound: TeamRoutingRule;
}

export const INBOUND_POLICY: TeamRoutingRule = {
  id: 'inbound-on-shift-fewest-open',
  version: 1,
  load: 'open-leads',
  shift: 'required',
  capacity: 'enforced',
};
export const OUTBOUND_POLICY: TeamRoutingRule = {
  id: 'outbound-even-weekly-spread',
  version: 1,
  load: 'weekly-capacity-share',
  shift: 'ignored',
  capacity: 'enforced',
};
/** What the line runs today. */
export const ACTIVE_ROUTING_POLICY: RoutingPolicy = {
  policyId: 'routing-active',
  version: 1,
  inbound: INBOUND_POLICY,
  outbound: OUTBOUND_POLICY,
};

const BUILT_IN_RULES: readonly TeamRoutingRule[] = [INBOUND_POLICY, OUTBOUND_POLICY];

export function ruleFor(policy: RoutingPolicy, team: SdrTeam): TeamRoutingRule {
  return team === 'inbound' ? policy.inbound : policy.outbound;
}

/** A rule by the id a recorded decision names; decisions record only the id, so replay looks it up here or among `extra`. */
export function ruleById(id: string, extra: readonly TeamRoutingRule[] = []): TeamRoutingRule | null {
  return [...extra, ...BUILT_IN_RULES].find((rule) => rule.id === id) ?? null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function ruleProblems(path: string, rule: unknown): string[] {
  if (!isObj(rule)) return [`${path} must be an object`];
  const problems: string[] = [];
  if (typeof rule['id'] !== 'string' || rule['id'].trim() === '') problems.push(`${path}.id must be a non-empty string`);
  if (!Number.isInteger(rule['version']) || (rule['version'] as number) < 1) problems.push(`${path}.version must be a positive integer`);
  if (!LOAD_MEASURES.includes(rule['load'] as LoadMeasure)) problems.push(`${path}.load must be one of ${LOAD_MEASURES.join(', ')}`);
  if (rule['shift'] !== 'required' && rule['shift'] !== 'ignored') problems.push(`${path}.shift must be required or ignored`);
  if (rule['capacity'] !== 'enforced' && rule['capacity'] !== 'ignored') problems.push(`${path}.capacity must be enforced or ignored`);
  return problems;
}

/** Every problem with a routing policy read from a request or a file; empty when it is usable. */
export function routingPolicyProblems(policy: unknown): string[] {
  if (!isObj(policy)) return ['the routing policy must be a JSON object'];
  const problems: string[] = [];
  if (typeof policy['policyId'] !== 'string' || policy['policyId'].trim() === '') problems.push('policyId must be a non-empty string');
  if (!Number.isInteger(policy['version']) || (policy['version'] as number) < 1) problems.push('version must be a positive integer');
  problems.push(...ruleProblems('inbound', policy['inbound']), ...ruleProblems('outbound', policy['outbound']));
  if (problems.length === 0) {
    const inbound = policy['inbound'] as TeamRoutingRule;
    const outbound = policy['outbound'] as TeamRoutingRule;
    if (inbound.id === outbound.id && inbound.load !== outbound.load)
      problems.push('inbound and outbound rules with one id must be the same rule');
    for (const rule of [inbound, outbound]) {
      const known = ruleById(rule.id);
      // A recorded decision names its rule by id: one id must always mean one ranking.
      if (
        known &&
        (known.load !== rule.load || known.shift !== rule.shift || known.capacity !== rule.capacity || known.version !== rule.version)
      )
        problems.push(`rule id ${rule.id} is the active rule's; give a changed rule its own id`);
    }
  }
  return problems;
}
