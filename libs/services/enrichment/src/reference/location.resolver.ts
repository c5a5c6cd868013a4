import { getCountry, getTimezone } from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface Location {
  /** ISO 3166-1 alpha-2, from the E.164 phone first, then the company's country. */
  readonly country: string | null;
  /** americas, emea or apac: the area of the country's main time zone. */
  readonly region: string | null;
  /** IANA zone; null when the country spans several zones (the phone number does not say which). */
  readonly timeZone: string | null;
}

const REGION_BY_AREA: Readonly<Record<string, string>> = {
  America: 'americas',
  Europe: 'emea',
  Africa: 'emea',
  Atlantic: 'emea',
  Asia: 'apac',
  Australia: 'apac',
  Pacific: 'apac',
  Indian: 'apac',
};

function phoneCountry(phone: string | null): string | null {
  if (!phone) return null;
  return parsePhoneNumberFromString(phone)?.country ?? null;
}

export function resolveLocation(phone: string | null, companyCountry: string | null): Location {
  const country = phoneCountry(phone) ?? companyCountry?.toUpperCase() ?? null;
  const info = country ? getCountry(country) : null;
  if (!info) return { country, region: null, timeZone: null };
  // A zone shared with a neighbour (Europe/Zurich also lists Germany's Büsingen) is not the country's own.
  const own = info.timezones.filter((zone) => getTimezone(zone)?.countries[0] === country);
  const zones = own.length > 0 ? own : info.timezones;
  const area = zones[0]?.split('/')[0] ?? '';
  return { country, region: REGION_BY_AREA[area] ?? null, timeZone: zones.length === 1 ? zones[0] : null };
}
