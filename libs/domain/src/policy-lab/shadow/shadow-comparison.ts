import { NO_OUTCOME, type LeadOutcome } from '../lead-outcomes';
import type { LeadShadowRouted, LeadShadowScored } from './shadow.events';

export interface DisagreementGroup {
  /** `A → B` for a score, `sdr-a → sdr-b` for a route. */
  readonly change: string;
  readonly leads: number;
  /** Outcomes so far: they come in as the leads are worked. */
  readonly qualified: number;
  readonly won: number;
  readonly amount: number;
}

export interface ShadowComparison {
  readonly candidateId: string;
  readonly kind: 'scoring' | 'routing';
  readonly decisions: number;
  readonly agreements: number;
  readonly agreementRate: number | null;
  /** Where they differ, most frequent first. */
  readonly disagreements: readonly DisagreementGroup[];
  /** A few disagreeing leads with why, for a person to check. */
  readonly examples: readonly { readonly leadId: string; readonly change: string; readonly why: string }[];
  readonly outcomes: {
    readonly agreed: { readonly leads: number; readonly qualified: number; readonly won: number };
    readonly disagreed: { readonly leads: number; readonly qualified: number; readonly won: number };
  };
}

type Decision = { leadId: string; agrees: boolean; change: string; why: string };

function scoringDecision(e: LeadShadowScored['data']): Decision {
  return {
    leadId: e.leadId,
    agrees: e.agrees,
    change: `${e.active.grade} → ${e.grade}`,
    why: `score ${e.active.score} → ${e.score}; ${e.reasons.join('; ')}`,
  };
}

/**
 * How a shadow candidate compares with the line: agreement rate, where and why they differ, and
 * what became of the leads they disagreed on. One decision per lead (the latest); `why` explains a
 * routing difference (see `shadowRoutingWhy`).
 */
export function compareShadow(
  candidateId: string,
  events: readonly (LeadShadowScored | LeadShadowRouted)[],
  outcomes: ReadonlyMap<string, LeadOutcome>,
  why: (event: LeadShadowRouted['data']) => string = () => '',
  maxExamples = 20,
): ShadowComparison {
  const latest = new Map<string, Decision>();
  let kind: ShadowComparison['kind'] = 'scoring';
  for (const event of events) {
    if (event.data.candidateId !== candidateId) continue;
    if (event.type === 'LeadShadowScored') latest.set(event.data.leadId, scoringDecision(event.data));
    else {
      kind = 'routing';
      const d = event.data;
      latest.set(d.leadId, {
        leadId: d.leadId,
        agrees: d.agrees,
        change: `${d.activeSdrId} → ${d.decision?.chosenSdrId ?? '(nobody)'}`,
        why: why(d),
      });
    }
  }
  const decisions = [...latest.values()].sort((a, b) => a.leadId.localeCompare(b.leadId));
  const outcomeOf = (leadId: string) => outcomes.get(leadId) ?? NO_OUTCOME;
  const tally = (list: readonly Decision[]) => ({
    leads: list.length,
    qualified: list.filter((d) => outcomeOf(d.leadId).qualified).length,
    won: list.filter((d) => outcomeOf(d.leadId).won).length,
  });
  const differing = decisions.filter((d) => !d.agrees);
  const groups = new Map<string, Decision[]>();
  for (const d of differing) groups.set(d.change, [...(groups.get(d.change) ?? []), d]);
  const agreements = decisions.length - differing.length;
  return {
    candidateId,
    kind,
    decisions: decisions.length,
    agreements,
    agreementRate: decisions.length === 0 ? null : agreements / decisions.length,
    disagreements: [...groups.entries()]
      .map(([change, list]) => ({ change, ...tally(list), amount: list.reduce((sum, d) => sum + outcomeOf(d.leadId).amount, 0) }))
      .sort((a, b) => b.leads - a.leads || a.change.localeCompare(b.change)),
    examples: differing.slice(0, maxExamples).map(({ leadId, change, why: because }) => ({ leadId, change, why: because })),
    outcomes: { agreed: tally(decisions.filter((d) => d.agrees)), disagreed: tally(differing) },
  };
}
