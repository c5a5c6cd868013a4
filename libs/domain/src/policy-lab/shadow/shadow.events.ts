import type { AssignmentDecision } from '../../routing/routing.events';
import type { RoutingPolicy } from '../../routing/routing-policy';
import type { IcpModel } from '../../scoring/icp-model';
import type { Grade } from '../../scoring/scoring.events';

/**
 * The policy lab's shadow events. A candidate's life, on `shadowcandidate-<candidateId>`: registered
 * (with the model or policy itself), then promoted or dropped. Its decisions, on
 * `shadow-<leadId>`: what the candidate would have decided, beside what the line did. They are
 * records only: nothing acts on them and nobody is notified.
 */
export type ShadowCandidate =
  { readonly kind: 'scoring'; readonly model: IcpModel } | { readonly kind: 'routing'; readonly policy: RoutingPolicy };

export type ShadowCandidateRegistered = {
  type: 'ShadowCandidateRegistered';
  data: { candidateId: string; candidate: ShadowCandidate; note: string | null; at: string };
};
export type ShadowCandidatePromoted = {
  type: 'ShadowCandidatePromoted';
  data: { candidateId: string; candidate: ShadowCandidate; at: string };
};
export type ShadowCandidateDropped = { type: 'ShadowCandidateDropped'; data: { candidateId: string; reason: string; at: string } };

export type LeadShadowScored = {
  type: 'LeadShadowScored';
  data: {
    leadId: string;
    candidateId: string;
    modelId: string;
    modelVersion: number;
    score: number;
    grade: Grade;
    reasons: readonly string[];
    active: { modelId: string; modelVersion: number; score: number; grade: Grade };
    agrees: boolean;
    at: string;
  };
};

export type LeadShadowRouted = {
  type: 'LeadShadowRouted';
  data: {
    leadId: string;
    candidateId: string;
    policyId: string;
    policyVersion: number;
    /** The SDR the candidate would have chosen, with everything to explain it; null when nobody was eligible. */
    decision: AssignmentDecision | null;
    excluded: AssignmentDecision['excluded'];
    activeSdrId: string;
    agrees: boolean;
    at: string;
  };
};

export type ShadowCandidateEvent = ShadowCandidateRegistered | ShadowCandidatePromoted | ShadowCandidateDropped;
export type ShadowDecisionEvent = LeadShadowScored | LeadShadowRouted;
