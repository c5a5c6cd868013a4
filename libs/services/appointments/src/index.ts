export { AppointmentsModule, appointmentsService, createAppointmentsService } from './appointments.module';
export { APPOINTMENTS_SERVICE } from './appointments.service-info';
export { loadAppointmentsConfig, type AppointmentsConfig } from './appointments.config';
export { AppointmentsLifecycle } from './appointments.lifecycle';
