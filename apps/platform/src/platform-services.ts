import type { ServiceDescriptor } from '@leadline/platform';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { enrichmentService } from '@leadline/service-enrichment';
import { scoringService } from '@leadline/service-scoring';
import { routingService } from '@leadline/service-routing';
import { appointmentsService } from '@leadline/service-appointments';
import { customerSuccessService } from '@leadline/service-customer-success';
import { metricsService } from '@leadline/service-metrics';
import { policyLabService } from '@leadline/service-policy-lab';

/** Every service of the line, as the embedded runner runs them (SERVICES narrows it at start). */
export const PLATFORM_SERVICES: readonly ServiceDescriptor[] = [
  leadIntakeService,
  enrichmentService,
  scoringService,
  routingService,
  appointmentsService,
  customerSuccessService,
  metricsService,
  policyLabService,
];
