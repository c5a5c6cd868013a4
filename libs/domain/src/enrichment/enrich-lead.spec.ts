import type { LeadCaptured } from '../intake/lead-intake.events';
import { enrichLead, mergeFirmographics, type EnrichmentFindings } from './enrich-lead';
import { DEFAULT_SEGMENT_THRESHOLDS } from './segment.rules';
import { DEFAULT_TERRITORY_RULES } from './territory.rules';

const rules = {
  segmentThresholds: DEFAULT_SEGMENT_THRESHOLDS,
  territoryRules: DEFAULT_TERRITORY_RULES,
  freeMailDomains: new Set(['gmail.com']),
};

const lead: LeadCaptured['data'] = {
  leadId: 'l-1',
  inbound: true,
  captureId: 'c-1',
  source: 'demo-request',
  vendorId: null,
  listId: null,
  campaignId: null,
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155552671', title: 'VP Engineering' },
  company: { name: 'Acme', domain: 'acme.com', website: null, country: 'US' },
  consent: true,
  attributes: {},
  capturedAt: '2026-01-01T00:00:00.000Z',
};

const findings = (over: Partial<EnrichmentFindings>): EnrichmentFindings => ({
  lead,
  answers: [],
  failures: [],
  country: 'US',
  region: 'americas',
  timeZone: null,
  enrichedAt: '2026-01-01T00:00:01.000Z',
  ...over,
});

describe('enrichLead', () => {
  it('a found company with no failures is completely enriched, with segment, territory and authority', () => {
    const event = enrichLead(
      findings({ answers: [{ headcount: 5000, annualRevenue: 1e9, industry: 'Software', technologies: ['AWS'] }] }),
      rules,
    );
    expect(event.data).toMatchObject({
      complete: true,
      segment: 'enterprise',
      territory: 'na-enterprise',
      seniority: 'vp',
      buyingAuthority: true,
      freeMail: false,
      firmographics: { headcount: 5000, annualRevenue: 1e9, industry: 'software', technologies: ['aws'] },
    });
  });

  it('a provider failure marks the lead partially enriched and lists the failure, yet keeps what others found', () => {
    const failures = [{ provider: 'http', error: 'timeout' }];
    const event = enrichLead(findings({ answers: [{ headcount: 50 }], failures }), rules);
    expect(event.data.complete).toBe(false);
    expect(event.data.failures).toEqual(failures);
    expect(event.data.segment).toBe('smb');
  });

  it('an unknown company is partially enriched even without failures', () => {
    const event = enrichLead(findings({ lead: { ...lead, contact: { ...lead.contact, email: 'ada@gmail.com' } } }), rules);
    expect(event.data).toMatchObject({ complete: false, segment: 'unknown', freeMail: true, territory: 'na' });
  });
});

describe('mergeFirmographics', () => {
  it('takes the first known value of each field and unions technologies', () => {
    expect(
      mergeFirmographics([
        { headcount: null, technologies: ['Go'] },
        { headcount: 10, industry: 'Retail', technologies: ['go', 'AWS'] },
      ]),
    ).toEqual({
      headcount: 10,
      annualRevenue: null,
      industry: 'retail',
      technologies: ['aws', 'go'],
    });
  });
});
