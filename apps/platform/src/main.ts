// The embedded runner: every service module in one process on one port (SERVICES narrows it).
import { bootstrapService } from '@leadline/platform';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { enrichmentService } from '@leadline/service-enrichment';
import { scoringService } from '@leadline/service-scoring';
import { routingService } from '@leadline/service-routing';
import { appointmentsService } from '@leadline/service-appointments';
import { customerSuccessService } from '@leadline/service-customer-success';
import { metricsService } from '@leadline/service-metrics';
import { demoOrganisationWanted, seedDemoOrganisation } from './demo-organisation';

void bootstrapService(
  [leadIntakeService, enrichmentService, scoringService, routingService, appointmentsService, customerSuccessService, metricsService],
  { name: 'platform', serviceSelection: true, afterListen: demoOrganisationWanted(process.env) ? seedDemoOrganisation : undefined },
);
