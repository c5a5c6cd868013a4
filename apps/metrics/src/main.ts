import './tracing';
import { bootstrapService } from '@leadline/platform';
import { metricsService } from '@leadline/service-metrics';

void bootstrapService([metricsService], { name: 'metrics' });
