import type { Segment } from './enrichment.events';

/**
 * One territory rule: every criterion given must match (an absent or empty list matches
 * anything). Rules are tried in order and the FIRST match wins, so put the narrow rules
 * (e.g. "DACH enterprise") before the broad ones (e.g. "EMEA").
 */
export interface TerritoryRule {
  readonly territory: string;
  /** ISO 3166-1 alpha-2 codes, upper-case. */
  readonly countries?: readonly string[];
  /** Region names as produced by the region resolver (e.g. "americas", "emea", "apac"). */
  readonly regions?: readonly string[];
  readonly segments?: readonly Segment[];
}

export interface TerritoryInput {
  readonly country: string | null;
  readonly region: string | null;
  readonly segment: Segment;
}

export const DEFAULT_TERRITORY_RULES: readonly TerritoryRule[] = [
  { territory: 'na-enterprise', countries: ['US', 'CA'], segments: ['enterprise'] },
  { territory: 'na', countries: ['US', 'CA'] },
  { territory: 'dach', countries: ['DE', 'AT', 'CH'] },
  { territory: 'uki', countries: ['GB', 'IE'] },
  { territory: 'emea', regions: ['emea'] },
  { territory: 'apac', regions: ['apac'] },
  { territory: 'latam', regions: ['americas'] },
];

const matches = <T>(allowed: readonly T[] | undefined, value: T | null): boolean =>
  !allowed || allowed.length === 0 || (value !== null && allowed.includes(value));

/** The first rule matching the lead's country, region and segment; null when none does. */
export function territoryOf(input: TerritoryInput, rules: readonly TerritoryRule[] = DEFAULT_TERRITORY_RULES): string | null {
  const country = input.country?.toUpperCase() ?? null;
  const region = input.region?.toLowerCase() ?? null;
  const rule = rules.find(
    (r) =>
      matches(r.countries, country) &&
      matches(
        r.regions?.map((x) => x.toLowerCase()),
        region,
      ) &&
      matches(r.segments, input.segment),
  );
  return rule?.territory ?? null;
}

const SEGMENTS: readonly Segment[] = ['smb', 'mid-market', 'enterprise', 'unknown'];
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Checks rules parsed from configuration; returns the problems found (empty when valid). */
export function territoryRulesProblems(rules: unknown): string[] {
  if (!Array.isArray(rules)) return ['must be a JSON array of rules'];
  const problems: string[] = [];
  rules.forEach((rule: unknown, index) => {
    const at = `rule ${index}`;
    if (typeof rule !== 'object' || rule === null) return problems.push(`${at} must be an object`);
    const r = rule as Record<string, unknown>;
    if (typeof r['territory'] !== 'string' || r['territory'].trim() === '') problems.push(`${at}: territory must be a non-empty string`);
    for (const key of ['countries', 'regions', 'segments']) {
      if (r[key] !== undefined && !isStringList(r[key])) problems.push(`${at}: ${key} must be a list of strings`);
    }
    const countries = r['countries'];
    if (isStringList(countries) && countries.some((c) => !/^[A-Z]{2}$/.test(c)))
      problems.push(`${at}: countries must be ISO 3166-1 alpha-2 codes in upper case`);
    const segments = r['segments'];
    if (isStringList(segments) && segments.some((s) => !SEGMENTS.includes(s as Segment)))
      problems.push(`${at}: segments must be among ${SEGMENTS.join(', ')}`);
    const unknown = Object.keys(r).filter((k) => !['territory', 'countries', 'regions', 'segments'].includes(k));
    if (unknown.length > 0) problems.push(`${at}: unknown field(s) ${unknown.join(', ')}`);
    return undefined;
  });
  return problems;
}
