import { resolveLocation } from './location.resolver';

describe('resolveLocation', () => {
  it.each<[string | null, string | null, { country: string | null; region: string | null; timeZone: string | null }]>([
    ['+442071838750', null, { country: 'GB', region: 'emea', timeZone: 'Europe/London' }],
    ['+33142685300', 'DE', { country: 'FR', region: 'emea', timeZone: 'Europe/Paris' }],
    [null, 'in', { country: 'IN', region: 'apac', timeZone: 'Asia/Kolkata' }],
    ['+14155552671', null, { country: 'US', region: 'americas', timeZone: null }],
    ['not a phone', 'JP', { country: 'JP', region: 'apac', timeZone: 'Asia/Tokyo' }],
    [null, 'DE', { country: 'DE', region: 'emea', timeZone: 'Europe/Berlin' }],
    [null, null, { country: null, region: null, timeZone: null }],
  ])('phone %p and company country %p → %j (the phone wins; multi-zone countries have no single zone)', (phone, country, expected) => {
    expect(resolveLocation(phone, country)).toEqual(expected);
  });
});
