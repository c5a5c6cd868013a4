export { ScoringModule, scoringService } from './scoring.module';
export { SCORING_SERVICE } from './scoring.service-info';
