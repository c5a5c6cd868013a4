import './tracing';
import { bootstrapService } from '@leadline/platform';
import { routingService } from '@leadline/service-routing';

void bootstrapService([routingService], { name: 'routing' });
