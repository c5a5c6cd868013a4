// The embedded runner: every service module in one process on one port (SERVICES narrows it).
import './tracing';
import { bootstrapService } from '@leadline/platform';
import { demoOrganisationWanted, seedDemoOrganisation } from './demo-organisation';
import { PLATFORM_SERVICES } from './platform-services';

void bootstrapService(PLATFORM_SERVICES, {
  name: 'platform',
  serviceSelection: true,
  afterListen: demoOrganisationWanted(process.env) ? seedDemoOrganisation : undefined,
});
