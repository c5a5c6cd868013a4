import type { LeadCapture } from './lead-intake.events';
import type { RawCapture } from './normalise';

/** Test data shared by the intake specs. */
const freeMail = new Set(['gmail.com', 'yahoo.co.uk']);
export const isFreeMail = (domain: string) => freeMail.has(domain);

export const rawCapture: RawCapture = {
  captureId: 'c1',
  source: 'inbound-web',
  contact: { firstName: ' Ada ', lastName: 'Lovelace', email: ' ADA@Acme.com', phone: '415.555.0100', title: 'CTO' },
  company: { name: 'Acme Inc.', website: 'https://www.acme.com', country: 'us' },
  capturedAt: '2026-11-23T10:00:00.000Z',
};

export const capture = (captureId: string, overrides: Partial<LeadCapture> = {}): LeadCapture => ({
  captureId,
  source: 'inbound-web',
  vendorId: null,
  listId: null,
  campaignId: null,
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' },
  company: { name: 'Acme', domain: 'acme.com', website: null, country: 'US' },
  consent: true,
  attributes: {},
  capturedAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});
