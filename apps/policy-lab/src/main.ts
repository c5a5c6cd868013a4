import './tracing';
import { bootstrapService } from '@leadline/platform';
import { policyLabService } from '@leadline/service-policy-lab';

void bootstrapService([policyLabService], { name: 'policy-lab' });
