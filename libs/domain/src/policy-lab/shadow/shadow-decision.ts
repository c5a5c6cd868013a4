import { decideAssignment, explainDecision, type AssignmentRequest, type SdrCandidate } from '../../routing/assignment.policy';
import type { RoutingPolicy } from '../../routing/routing-policy';
import type { AssignmentDecision } from '../../routing/routing.events';
import type { IcpModel } from '../../scoring/icp-model';
import { scoreLead } from '../../scoring/score-lead';
import type { LeadScored } from '../../scoring/scoring.events';
import { scoringInputFrom } from '../feature-snapshot';
import type { LeadShadowRouted, LeadShadowScored } from './shadow.events';

/** The candidate model's score of a lead the line just scored, from the same recorded features; null when the snapshot lacks one. */
export function shadowScore(scored: LeadScored['data'], candidateId: string, model: IcpModel, at: string): LeadShadowScored | null {
  const input = scoringInputFrom(scored);
  if (!input) return null;
  const shadow = scoreLead(input, model).data;
  return {
    type: 'LeadShadowScored',
    data: {
      leadId: scored.leadId,
      candidateId,
      modelId: model.modelId,
      modelVersion: model.version,
      score: shadow.score,
      grade: shadow.grade,
      reasons: shadow.reasons,
      active: { modelId: scored.modelId, modelVersion: scored.modelVersion, score: scored.score, grade: scored.grade },
      agrees: shadow.grade === scored.grade,
      at,
    },
  };
}

/**
 * The candidate policy's choice for a lead the line just assigned: the same request (team,
 * territory, segment, moment, seed, previous owners) on the same roster and loads.
 */
export function shadowRoute(
  recorded: AssignmentDecision,
  activeSdrId: string,
  leadId: string,
  roster: readonly SdrCandidate[],
  candidateId: string,
  policy: RoutingPolicy,
  at: string,
): LeadShadowRouted {
  const request: AssignmentRequest = {
    ...recorded.lead,
    at: recorded.decidedAt,
    seed: recorded.seed,
    excludeSdrIds: recorded.excluded.filter((e) => e.reason === 'previous owner').map((e) => e.sdrId),
  };
  const { decision, excluded } = decideAssignment(request, roster, policy);
  return {
    type: 'LeadShadowRouted',
    data: {
      leadId,
      candidateId,
      policyId: policy.policyId,
      policyVersion: policy.version,
      decision,
      excluded,
      activeSdrId,
      agrees: decision?.chosenSdrId === activeSdrId,
      at,
    },
  };
}

/** Why a routing shadow chose differently, in one sentence. */
export function shadowRoutingWhy(event: LeadShadowRouted['data'], policy: RoutingPolicy): string {
  if (event.agrees) return 'same SDR';
  if (event.decision === null)
    return `nobody eligible under the candidate (${[...new Set(event.excluded.map((e) => e.reason))].join(', ')})`;
  const excludedActive = event.excluded.find((e) => e.sdrId === event.activeSdrId);
  if (excludedActive) return `the candidate excludes ${event.activeSdrId}: ${excludedActive.reason}`;
  return explainDecision(event.decision, [policy.inbound, policy.outbound]);
}
