import './tracing';
import { bootstrapService } from '@leadline/platform';
import { leadIntakeService } from '@leadline/service-lead-intake';

void bootstrapService([leadIntakeService], { name: 'lead-intake' });
