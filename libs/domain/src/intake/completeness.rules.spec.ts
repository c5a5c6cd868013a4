import { missingFields } from './completeness.rules';
import { isFreeMail, rawCapture as raw } from './intake.fixtures';
import { normaliseCapture } from './normalise';

describe('a normalised capture', () => {
  it('names the fields an incomplete capture misses', () => {
    expect(missingFields(normaliseCapture(raw, { isFreeMail }))).toEqual([]);
    const sparse = normaliseCapture({ ...raw, contact: { email: 'ada@gmail.com' }, company: undefined }, { isFreeMail });
    expect(missingFields(sparse)).toEqual([
      'contact.firstName',
      'contact.lastName',
      'contact.phone',
      'contact.title',
      'company.name',
      'company.domain',
      'company.country',
    ]);
  });
});
