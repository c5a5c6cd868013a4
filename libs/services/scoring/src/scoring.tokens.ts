import { serviceReaction } from '@leadline/platform';
import type { ScoringConfig } from './model/scoring.config';
/** The validated ScoringConfig (the active ICP model). */
export const SCORING_CONFIG = Symbol('SCORING_CONFIG');
/** The clock scores are stamped with. */
export const SCORING_CLOCK = Symbol('SCORING_CLOCK');

/** Scoring's subscription: the scoring clock and ScoringConfig. */
export const ScoringReaction = serviceReaction<ScoringConfig>({ clock: SCORING_CLOCK, config: SCORING_CONFIG });
