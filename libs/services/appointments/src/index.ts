export { AppointmentsModule, appointmentsService } from './appointments.module';
export { APPOINTMENTS_SERVICE } from './appointments.service-info';
