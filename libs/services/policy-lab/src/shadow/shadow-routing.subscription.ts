import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { shadowRoute, type LeadAssigned } from '@leadline/domain';
import type { NewEvent, RecordedEvent } from '@leadline/event-store';
import { OFF_THE_LINE, type EventContext } from '@leadline/platform';
import { PolicyLabReaction } from '../policy-lab.tokens';
import { activeShadows } from './shadow-candidates.repository';
import { rememberLoads, rosterOfDecision } from './shadow-roster';

/**
 * LeadAssigned → for each routing candidate shadowing since before the assignment, LeadShadowRouted on
 * `shadow-<leadId>`: the SDR the candidate would have chosen for the same request (team, territory,
 * segment, moment, seed) on the same roster and loads. Nobody is assigned or notified by it.
 */
@Controller()
export class ShadowRoutingSubscription extends PolicyLabReaction {
  @EventPattern({ subscription: 'policy-lab.shadow-routing', category: 'assignment', type: 'LeadAssigned' }, OFF_THE_LINE)
  async onAssigned(@Payload() event: RecordedEvent<'LeadAssigned', LeadAssigned['data']>, @Ctx() ctx: EventContext): Promise<void> {
    const { decision, leadId, sdrId } = event.data;
    const candidates = (await activeShadows(ctx.tx, 'routing')).filter((c) => c.registeredAt <= event.recordedAt.toISOString());
    const events: NewEvent[] = [];
    if (candidates.length > 0) {
      const roster = await rosterOfDecision(ctx.store, ctx.tx, decision);
      const at = this.now();
      const { metadata, eventId } = this.causedBy(event, { leadId });
      for (const { candidateId, candidate } of candidates) {
        if (candidate.kind !== 'routing') continue;
        const shadow = shadowRoute(decision, sdrId, leadId, roster, candidateId, candidate.policy, at);
        events.push({ id: eventId(`shadow:${candidateId}`), ...shadow, metadata });
      }
    }
    await rememberLoads(ctx.tx, decision);
    if (events.length > 0) await ctx.store.appendToStream(`shadow-${leadId}`, events);
  }
}
