import './tracing';
import { bootstrapService } from '@leadline/platform';
import { appointmentsService } from '@leadline/service-appointments';

void bootstrapService([appointmentsService], { name: 'appointments' });
