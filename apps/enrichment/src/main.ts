import './tracing';
import { bootstrapService } from '@leadline/platform';
import { enrichmentService } from '@leadline/service-enrichment';

void bootstrapService([enrichmentService], { name: 'enrichment' });
