import { isInbound } from '../lead/lead-source';
import { decideAssignment, explainDecision } from '../routing/assignment.policy';
import { ACTIVE_ROUTING_POLICY, type RoutingPolicy } from '../routing/routing-policy';
import type { AssignmentDecision, SdrTeam } from '../routing/routing.events';
import type { IcpModel } from '../scoring/icp-model';
import { scoreLead, type ScoringInput } from '../scoring/score-lead';
import type { LeadScored } from '../scoring/scoring.events';
import { seedFrom } from '../shared/seeded-random';
import type { RoutingHistory } from './routing-history';
import type { RoutingLedger } from './routing-ledger';
import { RecordedRouting } from './recorded-routing';

export interface LeadPreview {
  readonly at: string;
  readonly score: LeadScored['data'];
  readonly routing:
    | { readonly outcome: 'assigned'; readonly decision: AssignmentDecision; readonly explanation: string }
    | { readonly outcome: 'waiting'; readonly team: SdrTeam; readonly excluded: AssignmentDecision['excluded'] }
    | { readonly outcome: 'not-routed'; readonly reason: string };
}

/**
 * The roster and loads as they stood at `at`: the recorded history up to that moment, each recorded
 * assignment and closure applied as the line made it.
 */
export function ledgerAt(history: RoutingHistory, at: string): RoutingLedger {
  const recorded = new RecordedRouting();
  for (const step of history.steps) {
    if (step.at > at) break;
    recorded.apply(step);
  }
  return recorded.ledger;
}

/**
 * One lead (recorded or hypothetical) through a scoring model and a routing policy at a chosen
 * moment, against the roster and loads of that moment: the grade with its reasons and the SDR it
 * would get, explained in the assignment explanation's words. Writes nothing.
 */
export function previewLead(
  input: ScoringInput & { readonly territory: string | null },
  options: { readonly at: string; readonly model: IcpModel; readonly policy?: RoutingPolicy; readonly history: RoutingHistory },
): LeadPreview {
  const score = scoreLead({ ...input, scoredAt: options.at }, options.model).data;
  if (score.grade === 'F') return { at: options.at, score, routing: { outcome: 'not-routed', reason: 'grade F goes to the recycle pool' } };
  const team: SdrTeam = isInbound(input.source) ? 'inbound' : 'outbound';
  const policy = options.policy ?? ACTIVE_ROUTING_POLICY;
  const ledger = ledgerAt(options.history, options.at);
  const request = { team, territory: input.territory, segment: input.segment, at: options.at, seed: seedFrom(`preview:${input.leadId}`) };
  const { decision, excluded } = decideAssignment(request, ledger.candidates(team, options.at), policy);
  if (!decision) return { at: options.at, score, routing: { outcome: 'waiting', team, excluded } };
  return {
    at: options.at,
    score,
    routing: { outcome: 'assigned', decision, explanation: explainDecision(decision, [policy.inbound, policy.outbound]) },
  };
}
