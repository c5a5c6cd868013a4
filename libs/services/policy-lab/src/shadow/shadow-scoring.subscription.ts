import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { shadowScore, type LeadScored } from '@leadline/domain';
import type { NewEvent, RecordedEvent } from '@leadline/event-store';
import { OFF_THE_LINE, type EventContext } from '@leadline/platform';
import { PolicyLabReaction } from '../policy-lab.tokens';
import { activeShadows } from './shadow-candidates.repository';

/**
 * LeadScored → for each scoring candidate shadowing since before it was scored, LeadShadowScored on
 * `shadow-<leadId>`: the candidate's score of the same recorded features, beside the line's. A record
 * only: nothing reacts to it, nobody is notified, no live stream is written. A delivered batch at once,
 * the candidates read once for it.
 */
@Controller()
export class ShadowScoringSubscription extends PolicyLabReaction {
  @EventPattern({ subscription: 'policy-lab.shadow-scoring', category: 'score', type: 'LeadScored' }, { ...OFF_THE_LINE, batch: true })
  async onScored(@Payload() events: RecordedEvent<'LeadScored', LeadScored['data']>[], @Ctx() ctx: EventContext): Promise<void> {
    const shadows = await activeShadows(ctx.tx, 'scoring');
    if (shadows.length === 0) return;
    for (const event of events) {
      const candidates = shadows.filter((c) => c.registeredAt <= event.recordedAt.toISOString());
      if (candidates.length === 0) continue;
      await ctx.each(event, async () => {
        const at = this.now();
        const { metadata, eventId } = this.causedBy(event, { leadId: event.data.leadId });
        const shadowed: NewEvent[] = [];
        for (const { candidateId, candidate } of candidates) {
          const shadow = shadowScore(event.data, candidateId, candidate.model, at);
          if (shadow) shadowed.push({ id: eventId(`shadow:${candidateId}`), ...shadow, metadata });
        }
        if (shadowed.length > 0) await ctx.store.appendToStream(`shadow-${event.data.leadId}`, shadowed);
      });
    }
  }
}
