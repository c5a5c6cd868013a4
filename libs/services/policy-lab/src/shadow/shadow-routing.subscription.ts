import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { shadowRoute, type AssignmentDecision, type LeadAssigned } from '@leadline/domain';
import type { NewEvent, RecordedEvent } from '@leadline/event-store';
import { OFF_THE_LINE, type EventContext } from '@leadline/platform';
import { PolicyLabReaction } from '../policy-lab.tokens';
import { activeShadows } from './shadow-candidates.repository';
import { rememberLoads, rosterOfDecision } from './shadow-roster';

/**
 * LeadAssigned → for each routing candidate shadowing since before the assignment, LeadShadowRouted on
 * `shadow-<leadId>`: the SDR the candidate would have chosen for the same request (team, territory,
 * segment, moment, seed) on the same roster and loads. Nobody is assigned or notified by it.
 *
 * A delivered batch at once: the candidates read once; with none shadowing (the usual case) the batch's pool loads
 * are remembered in one statement. A lead a candidate shadows is decided in its own delivery, on the loads
 * remembered up to the assignment before it.
 */
@Controller()
export class ShadowRoutingSubscription extends PolicyLabReaction {
  @EventPattern(
    { subscription: 'policy-lab.shadow-routing', category: 'assignment', type: 'LeadAssigned' },
    { ...OFF_THE_LINE, batch: true },
  )
  async onAssigned(@Payload() events: RecordedEvent<'LeadAssigned', LeadAssigned['data']>[], @Ctx() ctx: EventContext): Promise<void> {
    const shadows = await activeShadows(ctx.tx, 'routing');
    let unremembered: AssignmentDecision[] = [];
    for (const event of events) {
      const { decision, leadId, sdrId } = event.data;
      const candidates = shadows.filter((c) => c.registeredAt <= event.recordedAt.toISOString());
      if (candidates.length === 0) {
        unremembered.push(decision);
        continue;
      }
      await rememberLoads(ctx.tx, unremembered);
      unremembered = [];
      await ctx.each(event, async () => {
        const roster = await rosterOfDecision(ctx.store, ctx.tx, decision);
        const at = this.now();
        const { metadata, eventId } = this.causedBy(event, { leadId });
        const shadowed: NewEvent[] = [];
        for (const { candidateId, candidate } of candidates) {
          const shadow = shadowRoute(decision, sdrId, leadId, roster, candidateId, candidate.policy, at);
          shadowed.push({ id: eventId(`shadow:${candidateId}`), ...shadow, metadata });
        }
        await rememberLoads(ctx.tx, [decision]);
        await ctx.store.appendToStream(`shadow-${leadId}`, shadowed);
      });
    }
    await rememberLoads(ctx.tx, unremembered);
  }
}
