import { identityKeysOf, strongestMatch } from './duplicate.rules';
import { isFreeMail, rawCapture as raw } from './intake.fixtures';
import { normaliseCapture } from './normalise';

describe('a normalised capture', () => {
  it('is identified by email, phone, and company domain with name', () => {
    const keys = identityKeysOf(normaliseCapture(raw, { isFreeMail }));
    expect(keys).toEqual([
      { kind: 'email', value: 'ada@acme.com' },
      { kind: 'phone', value: '+14155550100' },
      { kind: 'company', value: 'acme.com|acme' },
    ]);
  });

  it('has no company key without a company name: a shared domain alone is a colleague', () => {
    const capture = normaliseCapture({ ...raw, company: { website: 'acme.com', country: 'US' } }, { isFreeMail });
    expect(identityKeysOf(capture).map((k) => k.kind)).toEqual(['email', 'phone']);
  });

  it('reports the strongest matching key: email before phone before company', () => {
    expect(strongestMatch([{ kind: 'company' }, { kind: 'phone' }])?.kind).toBe('phone');
    expect(strongestMatch([{ kind: 'phone' }, { kind: 'email' }])?.kind).toBe('email');
  });
});
