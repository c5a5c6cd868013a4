import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { type Driver, DRIVERS } from '@leadline/testing';
import { leadIntakeService } from '../src/lead-intake.module';

export { DRIVERS, type Driver };
export type IntakeApp = TestApp;

/** The real lead-intake app in-process, listening on a free port, on a fresh pg database or PGlite folder. */
export const startIntakeApp = (driver: Driver, label: string, env: Record<string, string> = {}): Promise<IntakeApp> =>
  startTestApp([leadIntakeService], driver, label, { listen: true, env });

export const person = (overrides: Record<string, unknown> = {}) => ({
  source: 'inbound-web',
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' },
  company: { name: 'Acme Inc.', website: 'https://www.acme.com', country: 'US' },
  consent: true,
  ...overrides,
});
