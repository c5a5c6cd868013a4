export { ScoringModule, scoringService } from './scoring.module';
export { SCORING_SERVICE } from './scoring.service-info';
export { DEFAULT_ICP_MODEL } from './model/default-icp-model';
export { loadScoringModel } from './model/scoring.config';
