export { ScoringModule, scoringService, createScoringService } from './scoring.module';
export { SCORING_SERVICE } from './scoring.service-info';
export { DEFAULT_ICP_MODEL } from '@leadline/domain';
export { loadScoringConfig, loadScoringModel, type ScoringConfig } from './model/scoring.config';
