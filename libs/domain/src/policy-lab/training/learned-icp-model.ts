import { isInbound, LEAD_SOURCES, type LeadSource } from '../../lead/lead-source';
import type { Seniority } from '../../enrichment/enrichment.events';
import { ICP_FACTORS, type IcpBand, type IcpFactor, type IcpModel } from '../../scoring/icp-model';
import type { FeatureVocabulary } from './feature-encoding';
import type { LogisticFit } from './model-fitter.port';

const SENIORITIES: readonly Seniority[] = ['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'];
const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Whole-number weights summing to exactly 100, by largest remainder. */
export function weightsSummingTo100(raw: Readonly<Record<IcpFactor, number>>): Record<IcpFactor, number> {
  const total = ICP_FACTORS.reduce((sum, f) => sum + raw[f], 0);
  const exact = ICP_FACTORS.map((f) => ({ f, v: total === 0 ? 100 / ICP_FACTORS.length : (raw[f] * 100) / total }));
  const floors = exact.map(({ f, v }) => ({ f, n: Math.floor(v), rest: v - Math.floor(v) }));
  let missing = 100 - floors.reduce((sum, x) => sum + x.n, 0);
  for (const x of [...floors].sort((a, b) => b.rest - a.rest || ICP_FACTORS.indexOf(a.f) - ICP_FACTORS.indexOf(b.f))) {
    if (missing <= 0) break;
    x.n++;
    missing--;
  }
  return Object.fromEntries(floors.map((x) => [x.f, x.n])) as Record<IcpFactor, number>;
}

export interface LearnedModelParts {
  readonly model: Omit<IcpModel, 'thresholds'>;
  /** Adjustments the ICP format's rules forced on the fit, in words for the training report. */
  readonly adjustments: readonly string[];
}

/**
 * A fitted logistic regression as an ICP model: per factor, each level's coefficient over the
 * factor's reference level (the one the format scores 0), clipped at 0, is its points; the factor's
 * weight is its largest level's points scaled so all weights sum to 100, and each fit its share of
 * that. The score is then the fit's log-odds over the references, rescaled to 0-100: the same
 * ranking, except where clipping or a company's best technology (the format takes the best, the fit
 * adds them) differ.
 */
export function icpModelFromFit(
  fit: LogisticFit,
  vocabulary: FeatureVocabulary,
  identity: { modelId: string; version: number },
): LearnedModelParts {
  const points = new Map<IcpFactor, Map<string, number>>(ICP_FACTORS.map((f) => [f, new Map()]));
  vocabulary.columns.forEach((column, i) => points.get(column.factor)?.set(column.level, fit.coefficients[i] ?? 0));
  const adjustments: string[] = [];
  // Seniority and source list every level, so their lowest level (not the reference) sets their zero.
  for (const factor of ['buyingAuthority', 'leadSource'] as const) {
    const levels = points.get(factor) ?? new Map<string, number>();
    levels.set(factor === 'buyingAuthority' ? 'unknown' : 'purchased-list', 0);
    const min = Math.min(...levels.values());
    for (const [level, v] of levels) levels.set(level, v - min);
  }
  for (const factor of ['headcountBand', 'revenueBand', 'industryFit', 'technologyFit'] as const) {
    const levels = points.get(factor) ?? new Map<string, number>();
    for (const [level, v] of levels) levels.set(level, Math.max(0, v));
  }
  const range = Object.fromEntries(ICP_FACTORS.map((f) => [f, Math.max(0, ...(points.get(f) ?? new Map()).values())])) as Record<
    IcpFactor,
    number
  >;
  const weights = weightsSummingTo100(range);
  const fitOf = (factor: IcpFactor, level: string) =>
    range[factor] === 0 ? 0 : round((points.get(factor)?.get(level) ?? 0) / range[factor]);
  const bands = (factor: IcpFactor, edges: readonly number[]): IcpBand[] => edges.map((min) => ({ min, fit: fitOf(factor, String(min)) }));
  const listed = (factor: IcpFactor) =>
    Object.fromEntries(
      [...(points.get(factor)?.keys() ?? [])].sort().flatMap((level) => (fitOf(factor, level) > 0 ? [[level, fitOf(factor, level)]] : [])),
    );
  const leadSources = Object.fromEntries(LEAD_SOURCES.map((s) => [s, fitOf('leadSource', s)])) as Record<LeadSource, number>;
  keepInboundAhead(leadSources, adjustments);
  return {
    model: {
      modelId: identity.modelId,
      version: identity.version,
      weights,
      bands: { headcount: bands('headcountBand', vocabulary.headcountEdges), annualRevenue: bands('revenueBand', vocabulary.revenueEdges) },
      fits: {
        seniority: Object.fromEntries(SENIORITIES.map((s) => [s, fitOf('buyingAuthority', s)])) as Record<Seniority, number>,
        industries: listed('industryFit'),
        technologies: listed('technologyFit'),
        leadSources,
      },
    },
    adjustments,
  };
}

/** The ICP format requires every inbound source to fit better than every outbound one (inbound closes far more often). */
function keepInboundAhead(fits: Record<LeadSource, number>, adjustments: string[]): void {
  const inbound = LEAD_SOURCES.filter(isInbound);
  const outbound = LEAD_SOURCES.filter((s) => !isInbound(s));
  const lowestInbound = Math.min(...inbound.map((s) => fits[s]));
  const highestOutbound = Math.max(...outbound.map((s) => fits[s]));
  if (lowestInbound > highestOutbound) return;
  const floor = round(Math.max(lowestInbound, 0.02));
  for (const s of inbound) if (fits[s] < floor) fits[s] = floor;
  for (const s of outbound)
    if (fits[s] >= floor) {
      adjustments.push(
        `lead source ${s} fitted ${fits[s]} but outbound must fit below every inbound source: capped at ${round(floor / 2)}`,
      );
      fits[s] = round(floor / 2);
    }
}
