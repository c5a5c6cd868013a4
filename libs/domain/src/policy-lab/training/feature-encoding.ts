import type { Seniority } from '../../enrichment/enrichment.events';
import { LEAD_SOURCES, type LeadSource } from '../../lead/lead-source';
import type { IcpFactor } from '../../scoring/icp-model';
import type { ScoringInput } from '../../scoring/score-lead';

/**
 * One-hot columns, grouped by the ICP factor they feed. Each group leaves out the level the ICP
 * format scores 0 (the reference): unknown seniority, unknown size or revenue, an unlisted industry,
 * no listed technology, a purchased list; so a fitted coefficient is that level's lift over it.
 */
export interface FeatureColumn {
  readonly factor: IcpFactor;
  readonly level: string;
}

export interface FeatureVocabulary {
  readonly columns: readonly FeatureColumn[];
  readonly headcountEdges: readonly number[];
  readonly revenueEdges: readonly number[];
}

const SENIORITY_LEVELS: readonly Seniority[] = ['c-level', 'vp', 'director', 'manager', 'individual-contributor'];
const REFERENCE_SOURCE: LeadSource = 'purchased-list';
export const DEFAULT_HEADCOUNT_EDGES = [0, 10, 50, 200, 1000, 5000];
export const DEFAULT_REVENUE_EDGES = [0, 1e6, 1e7, 5e7, 2.5e8, 1e9];

/** The lower edge of the band a value falls in, as the ICP format's bands read it. */
export function bandOf(edges: readonly number[], value: number | null): number | null {
  if (value === null) return null;
  let found: number | null = null;
  for (const edge of edges) if (value >= edge) found = edge;
  return found;
}

/** The columns a training set needs: every seniority, band and source, and the industries and technologies seen at least `minCount` times. */
export function buildVocabulary(inputs: readonly ScoringInput[], minCount = 10): FeatureVocabulary {
  const counts = (values: string[]) => {
    const map = new Map<string, number>();
    for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
    return [...map.entries()]
      .filter(([, n]) => n >= minCount)
      .map(([v]) => v)
      .sort();
  };
  const industries = counts(inputs.flatMap((i) => (i.firmographics.industry ? [i.firmographics.industry.toLowerCase()] : [])));
  const technologies = counts(inputs.flatMap((i) => [...new Set(i.firmographics.technologies.map((t) => t.toLowerCase()))]));
  const columns: FeatureColumn[] = [
    ...SENIORITY_LEVELS.map((level) => ({ factor: 'buyingAuthority' as const, level })),
    ...DEFAULT_HEADCOUNT_EDGES.map((edge) => ({ factor: 'headcountBand' as const, level: String(edge) })),
    ...DEFAULT_REVENUE_EDGES.map((edge) => ({ factor: 'revenueBand' as const, level: String(edge) })),
    ...industries.map((level) => ({ factor: 'industryFit' as const, level })),
    ...technologies.map((level) => ({ factor: 'technologyFit' as const, level })),
    ...LEAD_SOURCES.filter((s) => s !== REFERENCE_SOURCE).map((level) => ({ factor: 'leadSource' as const, level })),
  ];
  return { columns, headcountEdges: DEFAULT_HEADCOUNT_EDGES, revenueEdges: DEFAULT_REVENUE_EDGES };
}

/** A lead's row of 0/1 features in the vocabulary's column order. */
export function encode(input: ScoringInput, vocabulary: FeatureVocabulary): number[] {
  const f = input.firmographics;
  const headcount = bandOf(vocabulary.headcountEdges, f.headcount);
  const revenue = bandOf(vocabulary.revenueEdges, f.annualRevenue);
  const technologies = new Set(f.technologies.map((t) => t.toLowerCase()));
  const industry = f.industry?.toLowerCase() ?? null;
  return vocabulary.columns.map(({ factor, level }) => {
    switch (factor) {
      case 'buyingAuthority':
        return input.seniority === level ? 1 : 0;
      case 'headcountBand':
        return headcount !== null && String(headcount) === level ? 1 : 0;
      case 'revenueBand':
        return revenue !== null && String(revenue) === level ? 1 : 0;
      case 'industryFit':
        return industry === level ? 1 : 0;
      case 'technologyFit':
        return technologies.has(level) ? 1 : 0;
      case 'leadSource':
        return input.source === level ? 1 : 0;
    }
  });
}
