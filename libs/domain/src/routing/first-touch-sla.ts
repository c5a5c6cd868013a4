import type { Segment } from '../enrichment/enrichment.events';
import type { LeadSource } from '../lead/lead-source';
import { addMinutes } from '../shared/calendar';

/**
 * Minutes an SDR has for the first touch. The most specific rule wins:
 * `<source>/<segment>`, then `<source>`, then `<segment>`, then the default.
 */
export interface FirstTouchSlaPolicy {
  readonly defaultMinutes: number;
  readonly overrides: Readonly<Record<string, number>>;
}

export const DEFAULT_FIRST_TOUCH_SLA: FirstTouchSlaPolicy = { defaultMinutes: 5, overrides: {} };

export function firstTouchMinutes(policy: FirstTouchSlaPolicy, source: LeadSource, segment: Segment): number {
  const o = policy.overrides;
  return o[`${source}/${segment}`] ?? o[source] ?? o[segment] ?? policy.defaultMinutes;
}

export function firstTouchDueAt(policy: FirstTouchSlaPolicy, source: LeadSource, segment: Segment, from: string): string {
  return addMinutes(from, firstTouchMinutes(policy, source, segment));
}
