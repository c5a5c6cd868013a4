export { LeadIntakeModule, leadIntakeService } from './lead-intake.module';
export { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';
