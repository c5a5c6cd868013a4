import { isFreeMail, rawCapture as raw } from './intake.fixtures';
import {
  companyNameKey,
  domainFromEmail,
  domainFromWebsite,
  normaliseCapture,
  normaliseEmail,
  normalisePhone,
  normaliseText,
} from './normalise';

describe('normalisation', () => {
  it('trims and lower-cases emails', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(normaliseEmail('   ')).toBeNull();
  });

  it('trims names and collapses inner whitespace; blank is null', () => {
    expect(normaliseText('  Ada   Byron ')).toBe('Ada Byron');
    expect(normaliseText('')).toBeNull();
    expect(normaliseText(undefined)).toBeNull();
  });

  it.each([
    ['+1 (415) 555-0100', null],
    ['415.555.0100', 'US'],
    ['(415) 555 0100', 'US'],
    ['+14155550100', 'GB'],
    ['001 415 555 0100', 'FR'],
  ])('writes phone %s (country %s) in E.164', (phone, country) => {
    expect(normalisePhone(phone, country)).toBe('+14155550100');
  });

  it('gives up on phones that cannot be real or national numbers without a country', () => {
    expect(normalisePhone('12', 'US')).toBeNull();
    expect(normalisePhone('415.555.0100', null)).toBeNull();
    expect(normalisePhone('not a phone', 'US')).toBeNull();
  });

  it.each([
    ['https://www.Acme.com/pricing?x=1', 'acme.com'],
    ['acme.com', 'acme.com'],
    ['http://eu.shop.acme.io:8080', 'acme.io'],
    ['www.acme.co.uk', 'acme.co.uk'],
    ['localhost', null],
    ['not a website', null],
  ])('takes the registrable domain of website %s', (website, domain) => {
    expect(domainFromWebsite(website)).toBe(domain);
  });

  it('takes the company domain from a business email, never from free mail', () => {
    expect(domainFromEmail('ada@mail.acme.com', isFreeMail)).toBe('acme.com');
    expect(domainFromEmail('ada@gmail.com', isFreeMail)).toBeNull();
    expect(domainFromEmail('ada@yahoo.co.uk', isFreeMail)).toBeNull();
  });

  it('matches company names regardless of case, punctuation and legal form', () => {
    expect(companyNameKey('ACME, Inc.')).toBe('acme');
    expect(companyNameKey('Acme')).toBe('acme');
    expect(companyNameKey('Müller & Söhne GmbH')).toBe('muller and sohne');
    expect(companyNameKey('Inc')).toBe('inc');
  });
});

describe('a normalised capture', () => {
  it('carries normalised contact and company fields', () => {
    const capture = normaliseCapture(raw, { isFreeMail });
    expect(capture.contact).toEqual({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' });
    expect(capture.company).toEqual({ name: 'Acme Inc.', domain: 'acme.com', website: 'https://www.acme.com', country: 'US' });
    expect(capture.consent).toBe(false);
  });
});
