import './tracing';
import { bootstrapService } from '@leadline/platform';
import { customerSuccessService } from '@leadline/service-customer-success';

void bootstrapService([customerSuccessService], { name: 'customer-success' });
