import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { LeadIntakeInfoController } from './lead-intake-info.controller';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';

@Module({
  controllers: [LeadIntakeInfoController],
})
export class LeadIntakeModule {}

export const leadIntakeService: ServiceDescriptor = { ...LEAD_INTAKE_SERVICE, module: LeadIntakeModule };
