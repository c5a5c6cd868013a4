export { AppointmentsModule, appointmentsService, createAppointmentsService, type AppointmentsOptions } from './appointments.module';
export { APPOINTMENTS_SERVICE } from './appointments.service-info';
export { loadAppointmentsConfig, type AppointmentsConfig } from './appointments.config';
export { AppointmentsLifecycle } from './appointments.lifecycle';
