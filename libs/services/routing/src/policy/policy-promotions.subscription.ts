import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ACTIVE_ROUTING_POLICY_STREAM, activePolicyDecider, type ShadowCandidatePromoted } from '@leadline/domain';
import { handleCommand, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { RoutingReaction } from '../routing.tokens';

/**
 * ShadowCandidatePromoted (policy lab) of a routing candidate → RoutingPolicyActivated on
 * `routingpolicy-active`: assignments, SLA reassignments and reopenings decide under it from then on.
 */
@Controller()
export class PolicyPromotionsSubscription extends RoutingReaction {
  @EventPattern({ subscription: 'routing-policy-promotions', category: 'shadowcandidate', type: 'ShadowCandidatePromoted' })
  async onPromoted(
    @Payload() event: RecordedEvent<'ShadowCandidatePromoted', ShadowCandidatePromoted['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { candidate, candidateId } = event.data;
    if (candidate.kind !== 'routing') return;
    const data = { policy: candidate.policy, source: { kind: 'shadow-promotion' as const, candidateId }, at: this.now() };
    const { metadata, eventId } = this.causedBy(event, { correlationId: candidateId });
    await handleCommand(
      ctx,
      ACTIVE_ROUTING_POLICY_STREAM,
      activePolicyDecider,
      (state) => activePolicyDecider.decide({ type: 'ActivateRoutingPolicy', data }, state),
      { eventId: () => eventId('activated'), metadata },
    );
  }
}
