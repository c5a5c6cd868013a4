import type { Seniority } from '../enrichment/enrichment.events';
import { LEAD_SOURCES, type LeadSource } from '../lead/lead-source';
import type { LeadScored } from '../scoring/scoring.events';
import type { ScoringInput } from '../scoring/score-lead';
import type { LabRecord } from './lab-record';

const SENIORITIES: readonly Seniority[] = ['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'];
const SEGMENTS = ['smb', 'mid-market', 'enterprise', 'unknown'] as const;

/** A lead's recorded score with the feature values it was computed from. */
export interface FeatureSnapshot {
  readonly leadId: string;
  readonly input: ScoringInput;
  readonly recorded: Pick<LeadScored['data'], 'modelId' | 'modelVersion' | 'score' | 'grade'>;
}

const numberOrNull = (v: unknown): number | null | undefined => (v === null ? null : typeof v === 'number' ? v : undefined);

/** The scoring input a recorded `LeadScored.features` describes, or null when the snapshot lacks a feature. */
export function scoringInputFrom(scored: LeadScored['data']): ScoringInput | null {
  const f = scored.features;
  const seniority = f['seniority'];
  const source = f['leadSource'];
  const segment = f['segment'];
  const headcount = numberOrNull(f['headcount']);
  const annualRevenue = numberOrNull(f['annualRevenue']);
  const industry = f['industry'];
  const technologies = f['technologies'];
  if (!SENIORITIES.includes(seniority as Seniority) || !LEAD_SOURCES.includes(source as LeadSource)) return null;
  if (!SEGMENTS.includes(segment as (typeof SEGMENTS)[number]) || headcount === undefined || annualRevenue === undefined) return null;
  if ((industry !== null && typeof industry !== 'string') || typeof technologies !== 'string') return null;
  return {
    leadId: scored.leadId,
    source: source as LeadSource,
    seniority: seniority as Seniority,
    buyingAuthority: f['buyingAuthority'] === true,
    freeMail: f['freeMail'] === true,
    segment: segment as ScoringInput['segment'],
    firmographics: { headcount, annualRevenue, industry, technologies: technologies === '' ? [] : technologies.split(',') },
    scoredAt: scored.scoredAt,
  };
}

/** The latest recorded snapshot of every scored lead (a re-score replaces the earlier one), and how many could not be read. */
export function featureSnapshots(records: Iterable<LabRecord>): { snapshots: FeatureSnapshot[]; unreadable: number } {
  const latest = new Map<string, LeadScored['data']>();
  for (const { event } of records) if (event.type === 'LeadScored') latest.set(event.data.leadId, event.data);
  const snapshots: FeatureSnapshot[] = [];
  let unreadable = 0;
  for (const scored of latest.values()) {
    const input = scoringInputFrom(scored);
    if (!input) unreadable++;
    else {
      const { modelId, modelVersion, score, grade } = scored;
      snapshots.push({ leadId: scored.leadId, input, recorded: { modelId, modelVersion, score, grade } });
    }
  }
  return { snapshots, unreadable };
}
