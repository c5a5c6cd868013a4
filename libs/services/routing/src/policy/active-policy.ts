import { ACTIVE_ROUTING_POLICY_STREAM, activatedPolicy, activatedRules, type RoutingPolicy, type TeamRoutingRule } from '@leadline/domain';
import type { EventStoreReader } from '@leadline/event-store';

/** The policy the line runs now (the last promoted one, else the built-in one) and every rule ever activated (for explanations). */
export async function activeRoutingPolicy(store: EventStoreReader): Promise<{ policy: RoutingPolicy; rules: TeamRoutingRule[] }> {
  const events = await store.readStream(ACTIVE_ROUTING_POLICY_STREAM);
  return { policy: activatedPolicy(events), rules: activatedRules(events) };
}
