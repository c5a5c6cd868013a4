export { LeadIntakeModule, leadIntakeService, createLeadIntakeService } from './lead-intake.module';
export { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';
