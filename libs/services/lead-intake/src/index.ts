export { LeadIntakeModule, leadIntakeService, createLeadIntakeService } from './lead-intake.module';
export { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';
export { migrateLeadIntake } from './schema/lead-intake.schema';
export { digestPlaintextClaims } from './capture/digest-claims.migration';
