import './tracing';
import { bootstrapService } from '@leadline/platform';
import { scoringService } from '@leadline/service-scoring';

void bootstrapService([scoringService], { name: 'scoring' });
