import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { AppointmentsInfoController } from './appointments-info.controller';
import { APPOINTMENTS_SERVICE } from './appointments.service-info';

@Module({
  controllers: [AppointmentsInfoController],
})
export class AppointmentsModule {}

export const appointmentsService: ServiceDescriptor = { ...APPOINTMENTS_SERVICE, module: AppointmentsModule };
