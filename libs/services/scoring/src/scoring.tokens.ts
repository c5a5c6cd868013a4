/** The validated ScoringConfig (the active ICP model). */
export const SCORING_CONFIG = Symbol('SCORING_CONFIG');
/** The clock scores are stamped with. */
export const SCORING_CLOCK = Symbol('SCORING_CLOCK');
