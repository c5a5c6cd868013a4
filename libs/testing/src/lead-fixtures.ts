/**
 * What the benchmarks, the chaos run and specs post: inbound SDRs that never block an assignment, and leads that
 * intake never merges (a distinct person, phone and company domain per n).
 */

/** An inbound SDR, 24/7, with a capacity that never blocks: `<prefix>-sdr-<i>`. */
export function inboundSdr(prefix: string, i: number) {
  return rosterSdr(prefix, i, 'inbound');
}

/** An SDR of either team, 24/7, 10,000 leads a week (the most a profile may take). */
export function rosterSdr(prefix: string, i: number, team: 'inbound' | 'outbound') {
  const title = prefix.charAt(0).toUpperCase() + prefix.slice(1);
  return {
    sdrId: `${prefix}-sdr-${i}`,
    name: `${title} SDR ${i}`,
    email: `${prefix}-sdr-${i}@${prefix}.test`,
    managerEmail: `${prefix}.manager@${prefix}.test`,
    team,
    territories: ['*'],
    segments: ['*'],
    workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    timeZone: 'UTC',
    weeklyCapacity: 10_000,
  };
}

export interface LeadNames {
  /** Starts the company domain (`<prefix><tag>co<n>.com`) and, capitalised, its name. */
  readonly prefix: string;
  /** Keeps runs apart on a shared database ('' for none). */
  readonly tag: string;
  readonly firstName: string;
  /** The last name is this followed by n. */
  readonly lastName: string;
  /** The phone's exchange for n < 10,000 (+1 415 <exchange> <line>). */
  readonly exchange: number;
}

/** A demo request with consent; n < 10,000 per exchange keeps every phone distinct. */
export function inboundLead(n: number, names: LeadNames) {
  const domain = `${names.prefix}${names.tag}co${n}.com`;
  const company = [names.prefix.charAt(0).toUpperCase() + names.prefix.slice(1), names.tag, 'Company', String(n), 'Inc'];
  return {
    source: 'demo-request',
    contact: {
      firstName: names.firstName,
      lastName: `${names.lastName}${n}`,
      email: `${names.firstName.toLowerCase()}.${n}@${domain}`,
      phone: `+1 415 ${names.exchange + Math.floor(n / 10_000)} ${String(n % 10_000).padStart(4, '0')}`,
      title: 'VP Sales',
    },
    company: { name: company.filter(Boolean).join(' '), website: `https://www.${domain}`, country: 'US' },
    consent: true,
  };
}
