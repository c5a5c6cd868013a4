import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ACTIVE_SCORING_MODEL_STREAM, activeModelDecider, type ShadowCandidatePromoted } from '@leadline/domain';
import { handleCommand, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { ScoringReaction } from '../scoring.tokens';

/**
 * ShadowCandidatePromoted (policy lab) of a scoring candidate → ScoringModelActivated on
 * `scoringmodel-active`: from then on new leads are scored with it (the lab never writes scoring's streams).
 */
@Controller()
export class ModelPromotionsSubscription extends ScoringReaction {
  @EventPattern({ subscription: 'scoring.model-promotions', category: 'shadowcandidate', type: 'ShadowCandidatePromoted' })
  async onPromoted(
    @Payload() event: RecordedEvent<'ShadowCandidatePromoted', ShadowCandidatePromoted['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { candidate, candidateId } = event.data;
    if (candidate.kind !== 'scoring') return;
    const at = this.now();
    const source = { kind: 'shadow-promotion' as const, candidateId };
    const { metadata, eventId } = this.causedBy(event, { correlationId: candidateId });
    await handleCommand(
      ctx,
      ACTIVE_SCORING_MODEL_STREAM,
      activeModelDecider,
      (state) =>
        activeModelDecider.decide(
          { type: 'ActivateScoringModel', data: { model: candidate.model, configured: this.config.model, source, at } },
          state,
        ),
      { eventId: () => eventId('activated'), metadata },
    );
  }
}
