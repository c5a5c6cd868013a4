import type { Segment } from '../enrichment/enrichment.events';
import type { LeadSource } from '../lead/lead-source';
import { decideAssignment, exclusionReason, type AssignmentRequest } from '../routing/assignment.policy';
import { ACTIVE_ROUTING_POLICY, ruleFor, type RoutingPolicy } from '../routing/routing-policy';
import type { AssignmentDecision, SdrTeam } from '../routing/routing.events';
import { addMinutes } from '../shared/calendar';
import type { RoutingHistory, RoutingRequest } from './routing-history';
import { RoutingLedger } from './routing-ledger';

/** What the replayed policy did with one recorded request. */
export interface ReplayedRequest {
  readonly leadId: string;
  readonly purpose: RoutingRequest['purpose'];
  readonly team: SdrTeam;
  readonly source: LeadSource | null;
  readonly capturedAt: string | null;
  readonly requestedAt: string;
  readonly recordedSdrId: string | null;
  /** The SDR the policy chose (possibly on a later retry), or null. */
  sdrId: string | null;
  placedAt: string | null;
  decision: AssignmentDecision | null;
  /** Exclusions at the first attempt when nobody could take the lead then. */
  firstExcluded: AssignmentDecision['excluded'];
  attempts: number;
  /** Nobody could take the lead when it was requested. */
  waited: boolean;
  /** The chosen SDR was off shift (inbound) or at weekly capacity when the lead landed: only a rule that ignores them allows it. */
  offShift: boolean;
  overCapacity: boolean;
}

export interface RoutingReplay {
  readonly policy: RoutingPolicy;
  readonly requests: readonly ReplayedRequest[];
  /** SDR ids of each team on the roster at the end. */
  readonly roster: Readonly<Record<SdrTeam, readonly string[]>>;
}

export interface ReplayOptions {
  /** How often a lead nobody could take is offered again (routing's unrouted sweep); default 1 minute. */
  readonly retryMinutes?: number;
  /** Called every `progressEvery` steps with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

interface LeadState {
  team: SdrTeam;
  source: LeadSource | null;
  capturedAt: string | null;
  segment: Segment;
  territory: string | null;
  owner: string | null;
  previous: string[];
  open: boolean;
}

interface Waiting {
  readonly request: ReplayedRequest;
  readonly seed: number;
  signature: string;
}

/**
 * Runs a routing policy over the recorded history in the global log's order: every roster change,
 * capture and enrichment as it happened, every request at the moment and with the seed the line
 * used, the load changed by the policy's own choices. A lead nobody can take waits and is offered
 * again every `retryMinutes` of history time, as routing's sweep does. The active policy replayed
 * reproduces the recorded assignments; a candidate shows what it would have done instead.
 */
export function replayRouting(
  history: RoutingHistory,
  policy: RoutingPolicy = ACTIVE_ROUTING_POLICY,
  options: ReplayOptions = {},
): RoutingReplay {
  const retryMinutes = options.retryMinutes ?? 1;
  const ledger = new RoutingLedger();
  const leads = new Map<string, LeadState>();
  const requests: ReplayedRequest[] = [];
  const waiting = new Map<string, Waiting>();
  let nextTick: string | null = null;

  const leadOf = (leadId: string, team: SdrTeam): LeadState => {
    let lead = leads.get(leadId);
    if (!lead) {
      lead = { team, source: null, capturedAt: null, segment: 'unknown', territory: null, owner: null, previous: [], open: false };
      leads.set(leadId, lead);
    }
    return lead;
  };

  // Which SDRs of a team could take some lead now, ignoring territory and segment: when that has not changed, a waiting lead need not be tried again.
  const signature = (team: SdrTeam, at: string): string => {
    const probe: AssignmentRequest = { team, territory: null, segment: 'unknown', at, seed: 0 };
    const rule = ruleFor(policy, team);
    return ledger
      .candidates(team, at)
      .filter((c) => exclusionReason(c, probe, rule) === null)
      .map((c) => c.sdrId)
      .join(',');
  };

  const attempt = (lead: LeadState, replayed: ReplayedRequest, seed: number, at: string, exclude: readonly string[]) => {
    replayed.attempts++;
    const request: AssignmentRequest = {
      team: lead.team,
      territory: lead.territory,
      segment: lead.segment,
      at,
      seed,
      excludeSdrIds: exclude,
    };
    const candidates = ledger.candidates(lead.team, at);
    const { decision, excluded } = decideAssignment(request, candidates, policy);
    if (!decision) return excluded;
    const chosen = candidates.find((c) => c.sdrId === decision.chosenSdrId);
    // The active rules say whether the candidate's choice sends a lead to someone off shift or over capacity.
    const reason = chosen ? exclusionReason(chosen, { ...request, excludeSdrIds: [] }, ruleFor(ACTIVE_ROUTING_POLICY, lead.team)) : null;
    replayed.offShift = reason === 'off shift';
    replayed.overCapacity = reason === 'weekly capacity reached';
    if (lead.owner !== null && lead.open) {
      ledger.release(lead.owner);
      lead.previous.push(lead.owner);
    }
    lead.owner = decision.chosenSdrId;
    lead.open = true;
    ledger.assign(decision.chosenSdrId, at);
    replayed.sdrId = decision.chosenSdrId;
    replayed.placedAt = at;
    replayed.decision = decision;
    return excluded;
  };

  const retryWaiting = (at: string) => {
    const signatures = new Map<SdrTeam, string>();
    for (const [leadId, wait] of [...waiting.entries()]) {
      const lead = leads.get(leadId);
      if (!lead) continue;
      const now = signatures.get(lead.team) ?? signature(lead.team, at);
      signatures.set(lead.team, now);
      if (now === wait.signature || now === '') {
        wait.signature = now;
        continue;
      }
      wait.signature = now;
      attempt(lead, wait.request, wait.seed, at, []);
      if (wait.request.sdrId !== null) waiting.delete(leadId);
    }
  };

  const tickUntil = (limit: string | null) => {
    while (nextTick !== null && waiting.size > 0 && (limit === null || nextTick < limit)) {
      retryWaiting(nextTick);
      nextTick = addMinutes(nextTick, retryMinutes);
    }
    if (waiting.size === 0) nextTick = null;
  };

  const total = history.steps.length;
  history.steps.forEach((step, index) => {
    tickUntil(step.at);
    switch (step.kind) {
      case 'roster':
        ledger.applyRoster(step.event);
        break;
      case 'captured': {
        const lead = leadOf(step.leadId, step.team);
        lead.team = step.team;
        lead.source = step.source;
        lead.capturedAt = step.at;
        break;
      }
      case 'enriched': {
        const lead = leadOf(step.leadId, 'inbound');
        lead.segment = step.segment;
        lead.territory = step.territory;
        break;
      }
      case 'closed': {
        const lead = leads.get(step.leadId);
        waiting.delete(step.leadId);
        if (lead && lead.owner !== null && lead.open) {
          ledger.release(lead.owner);
          lead.open = false;
        }
        break;
      }
      case 'first-touch':
        break;
      case 'request': {
        const lead = leadOf(step.leadId, step.recordedDecision?.lead.team ?? 'inbound');
        if (step.purpose === 'reopen') {
          lead.team = 'outbound';
          if (lead.owner !== null && lead.open) ledger.release(lead.owner);
          lead.open = false;
        }
        const exclude = step.purpose === 'reassign' && lead.owner !== null ? [...lead.previous, lead.owner] : [];
        if (step.purpose === 'reassign' && lead.owner === null) break; // the candidate never placed it: nothing to move
        const replayed: ReplayedRequest = {
          leadId: step.leadId,
          purpose: step.purpose,
          team: lead.team,
          source: lead.source,
          capturedAt: lead.capturedAt,
          requestedAt: step.at,
          recordedSdrId: step.recordedSdrId,
          sdrId: null,
          placedAt: null,
          decision: null,
          firstExcluded: [],
          attempts: 0,
          waited: false,
          offShift: false,
          overCapacity: false,
        };
        const excluded = attempt(lead, replayed, step.seed, step.at, exclude);
        requests.push(replayed);
        // A reassignment nobody can take leaves the lead with its owner; anything else waits for the sweep.
        if (replayed.sdrId === null) {
          replayed.waited = true;
          replayed.firstExcluded = excluded;
        }
        if (replayed.sdrId === null && step.purpose !== 'reassign') {
          waiting.set(step.leadId, { request: replayed, seed: step.seed, signature: signature(lead.team, step.at) });
          nextTick ??= addMinutes(step.at, retryMinutes);
        }
        break;
      }
    }
    options.onProgress?.(index + 1, total);
  });
  tickUntil(history.until);
  return { policy, requests, roster: { inbound: ledger.sdrIds('inbound'), outbound: ledger.sdrIds('outbound') } };
}
