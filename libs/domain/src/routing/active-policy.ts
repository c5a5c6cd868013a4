import { unknownCommand, type Decider } from '../shared/decider';
import { RoutingError } from './routing.errors';
import { ACTIVE_ROUTING_POLICY, routingPolicyProblems, type RoutingPolicy, type TeamRoutingRule } from './routing-policy';

/** The one stream recording which routing policy the line runs, when one was promoted (else the built-in one). */
export const ACTIVE_ROUTING_POLICY_STREAM = 'routingpolicy-active';

export type RoutingPolicyActivated = {
  type: 'RoutingPolicyActivated';
  data: {
    policy: RoutingPolicy;
    previous: { policyId: string; version: number };
    source: { kind: 'shadow-promotion'; candidateId: string };
    at: string;
  };
};

export type ActivateRoutingPolicy = {
  type: 'ActivateRoutingPolicy';
  data: { policy: RoutingPolicy; source: RoutingPolicyActivated['data']['source']; at: string };
};

export type ActivePolicyState = { readonly policy: RoutingPolicy | null };

function decide(command: ActivateRoutingPolicy, state: ActivePolicyState): RoutingPolicyActivated[] {
  switch (command.type) {
    case 'ActivateRoutingPolicy': {
      const problems = routingPolicyProblems(command.data.policy);
      if (problems.length > 0) throw new RoutingError('invalid-policy', problems.join('; '));
      const current = state.policy ?? ACTIVE_ROUTING_POLICY;
      const { policy, source, at } = command.data;
      if (current.policyId === policy.policyId && current.version === policy.version) return [];
      return [
        {
          type: 'RoutingPolicyActivated',
          data: { policy, previous: { policyId: current.policyId, version: current.version }, source, at },
        },
      ];
    }
    default:
      return unknownCommand(command.type);
  }
}

/** Which routing policy the line runs: the last activated one on `routingpolicy-active`. */
export const activePolicyDecider: Decider<ActivePolicyState, ActivateRoutingPolicy, RoutingPolicyActivated> = {
  decide,
  evolve: (_state, event) => ({ policy: event.data.policy }),
  initialState: () => ({ policy: null }),
};

type Stored = { readonly type: string; readonly data: unknown };
const activations = (events: readonly Stored[]): RoutingPolicyActivated[] =>
  events.filter((e): e is RoutingPolicyActivated => e.type === 'RoutingPolicyActivated');

/** The policy the stream's events leave active: the last activated one, else the built-in one. */
export function activatedPolicy(events: readonly Stored[]): RoutingPolicy {
  return activations(events).at(-1)?.data.policy ?? ACTIVE_ROUTING_POLICY;
}

/** Every rule any activated policy brought: recorded decisions name their rule by id, so replays and explanations look them up here. */
export function activatedRules(events: readonly Stored[]): TeamRoutingRule[] {
  return activations(events).flatMap((e) => [e.data.policy.inbound, e.data.policy.outbound]);
}
