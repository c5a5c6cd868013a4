import { isInbound, type LeadSource } from '../lead/lead-source';
import type { LeadEnriched, Seniority } from '../enrichment/enrichment.events';
import type { Grade, LeadScored } from './scoring.events';
import { ICP_FACTORS, type IcpBand, type IcpFactor, type IcpModel } from './icp-model';

/** What scoring needs to know about a lead: the enrichment plus the capture's source. */
export interface ScoringInput {
  readonly leadId: string;
  readonly source: LeadSource;
  readonly seniority: Seniority;
  readonly buyingAuthority: boolean;
  readonly freeMail: boolean;
  readonly segment: LeadEnriched['data']['segment'];
  readonly firmographics: LeadEnriched['data']['firmographics'];
  readonly scoredAt: string;
}

interface Contribution {
  readonly factor: IcpFactor;
  readonly points: number;
  readonly reason: string;
}

const bandFit = (bands: readonly IcpBand[], value: number | null): number =>
  value === null ? 0 : ([...bands].reverse().find((b) => value >= b.min)?.fit ?? 0);

const fmt = (n: number): string => n.toLocaleString('en-US');
const money = (n: number): string =>
  n >= 1e9 ? `$${fmt(Math.round(n / 1e8) / 10)}B` : n >= 1e6 ? `$${fmt(Math.round(n / 1e5) / 10)}M` : `$${fmt(n)}`;

function contributions(input: ScoringInput, model: IcpModel): Contribution[] {
  const { weights, fits, bands } = model;
  const f = input.firmographics;
  const industryFit = f.industry === null ? 0 : (fits.industries[f.industry.toLowerCase()] ?? 0);
  const tech = f.technologies
    .map((t) => ({ name: t, fit: fits.technologies[t.toLowerCase()] ?? 0 }))
    .sort((a, b) => b.fit - a.fit || a.name.localeCompare(b.name))[0];
  const sourceKind = isInbound(input.source) ? 'inbound' : 'outbound';
  const parts: [IcpFactor, number, string][] = [
    [
      'buyingAuthority',
      fits.seniority[input.seniority],
      input.seniority === 'unknown'
        ? 'title does not show seniority'
        : `${input.seniority} title${input.buyingAuthority ? ', can sign the purchase' : ''}`,
    ],
    [
      'headcountBand',
      bandFit(bands.headcount, f.headcount),
      f.headcount === null ? 'company size unknown' : `company of ${fmt(f.headcount)} employees`,
    ],
    [
      'revenueBand',
      bandFit(bands.annualRevenue, f.annualRevenue),
      f.annualRevenue === null ? 'revenue unknown' : `annual revenue ${money(f.annualRevenue)}`,
    ],
    [
      'industryFit',
      industryFit,
      f.industry === null
        ? 'industry unknown'
        : `${f.industry} industry${industryFit > 0 ? ' fits the product' : ' is outside the target industries'}`,
    ],
    ['technologyFit', tech?.fit ?? 0, tech && tech.fit > 0 ? `uses ${tech.name}` : 'no matching technology in use'],
    ['leadSource', fits.leadSources[input.source], `${sourceKind} lead (${input.source})`],
  ];
  return parts.map(([factor, fit, reason]) => ({ factor, points: weights[factor] * fit, reason }));
}

export function gradeOf(score: number, thresholds: IcpModel['thresholds']): Grade {
  if (score >= thresholds.A) return 'A';
  if (score >= thresholds.B) return 'B';
  if (score >= thresholds.C) return 'C';
  return 'F';
}

const TOP_REASONS = 3;

/**
 * Scores a lead against an ICP model: the sum of each factor's weight x fit, rounded, 0-100.
 * Deterministic: the same input and model always give the same event, and the event records the
 * model id, version and every feature value used, so a score can be explained and back-tested.
 */
export function scoreLead(input: ScoringInput, model: IcpModel): LeadScored {
  const parts = contributions(input, model);
  const score = Math.max(0, Math.min(100, Math.round(parts.reduce((sum, p) => sum + p.points, 0))));
  const ranked = parts
    .filter((p) => p.points > 0)
    .sort((a, b) => b.points - a.points || ICP_FACTORS.indexOf(a.factor) - ICP_FACTORS.indexOf(b.factor));
  const reasons = ranked.slice(0, TOP_REASONS).map((p) => `${p.reason} (+${Math.round(p.points)})`);
  return {
    type: 'LeadScored',
    data: {
      leadId: input.leadId,
      modelId: model.modelId,
      modelVersion: model.version,
      score,
      grade: gradeOf(score, model.thresholds),
      reasons: reasons.length > 0 ? reasons : ['no ideal-customer-profile signal matched'],
      features: {
        seniority: input.seniority,
        buyingAuthority: input.buyingAuthority,
        headcount: input.firmographics.headcount,
        annualRevenue: input.firmographics.annualRevenue,
        industry: input.firmographics.industry,
        technologies: [...input.firmographics.technologies].sort().join(','),
        leadSource: input.source,
        inbound: isInbound(input.source),
        segment: input.segment,
        freeMail: input.freeMail,
      },
      scoredAt: input.scoredAt,
    },
  };
}

/** Why an F lead goes to the recycle pool rather than to an SDR: its score and its weakest factors. */
export function recycleReason(scored: LeadScored['data'], input: ScoringInput, model: IcpModel): string {
  const weakest = contributions(input, model)
    .map((p) => ({ ...p, missed: model.weights[p.factor] - p.points }))
    .sort((a, b) => b.missed - a.missed || ICP_FACTORS.indexOf(a.factor) - ICP_FACTORS.indexOf(b.factor))
    .slice(0, 2)
    .map((p) => p.reason);
  return `grade F: score ${scored.score} is below the C threshold ${model.thresholds.C} (${model.modelId} v${model.version}); weakest: ${weakest.join('; ')}`;
}
