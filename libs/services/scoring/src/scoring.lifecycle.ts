import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import type { ScoringConfig } from './model/scoring.config';
import { scoreOnEnrichment } from './score-lead/lead-enriched.subscription';
import { SCORING_CLOCK, SCORING_CONFIG } from './scoring.tokens';

/** Subscribes scoring to enriched leads (scoring keeps no tables of its own). */
@Injectable()
export class ScoringLifecycle implements OnModuleInit {
  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(SCORING_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(scoreOnEnrichment(this.config.model, () => this.clock.now()));
  }
}
