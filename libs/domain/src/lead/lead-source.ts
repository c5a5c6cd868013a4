export const LEAD_SOURCES = [
  'inbound-web',
  'inbound-phone',
  'demo-request',
  'free-trial',
  'content-download',
  'purchased-list',
  'sdr-research',
  'referral',
  'event',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

const INBOUND: ReadonlySet<LeadSource> = new Set(['inbound-web', 'inbound-phone', 'demo-request', 'free-trial', 'content-download']);

/** Inbound leads (the prospect reached out) go to inbound SDRs under the 5-minute first-touch rule. */
export function isInbound(source: LeadSource): boolean {
  return INBOUND.has(source);
}
