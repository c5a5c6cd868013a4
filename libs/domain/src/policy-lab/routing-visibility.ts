import type { RoutingStep } from './routing-history';
import { RecordedRouting } from './recorded-routing';

type Closed = Extract<RoutingStep, { kind: 'closed' }>;

/**
 * The history in the order routing saw it. On PostgreSQL the global log orders concurrent
 * transactions by when they took their transaction id, not by when they committed: a lead qualified
 * while an assignment was being decided can sit before that decision in the log although the
 * decision did not see it, or after it although it did. Each recorded decision says what it saw
 * (every eligible SDR's open leads), so a closure it did not see moves to just after it, and one
 * it saw moves to just before it: the same recorded facts, in the order of their effects. On a
 * serial store (PGlite) nothing moves.
 */
export function inVisibilityOrder(steps: readonly RoutingStep[]): { steps: RoutingStep[]; moved: number } {
  const recorded = new RecordedRouting();
  /** Closures applied since a decision last confirmed them, per SDR (the owner when it closed). */
  const pending = new Map<string, Closed[]>();
  const out: RoutingStep[] = [];
  let moved = 0;

  const close = (step: Closed) => {
    const owner = recorded.apply(step);
    if (owner !== undefined) pending.set(owner, [...(pending.get(owner) ?? []), step]);
  };

  const queue = [...steps];
  for (let index = 0; index < queue.length; index++) {
    const step = queue[index];
    if (step.kind === 'closed') close(step);
    else if (step.kind !== 'request') recorded.apply(step);
    if (step.kind !== 'request' || step.recordedDecision === null || step.recordedSdrId === null) {
      out.push(step);
      continue;
    }
    const unseen: Closed[] = [];
    for (const member of step.recordedDecision.pool) {
      const candidate = recorded.ledger.candidates(step.recordedDecision.lead.team, step.at).find((c) => c.sdrId === member.sdrId);
      const behind = member.openLeads - (candidate?.openLeads ?? 0);
      const mine = pending.get(member.sdrId) ?? [];
      // Open leads the decision still counted: that many of this SDR's latest closures had not committed yet.
      const late = behind > 0 ? mine.slice(Math.max(0, mine.length - behind)) : [];
      pending.set(member.sdrId, []);
      // Open leads the decision no longer counted: that many of this SDR's next closures had already committed.
      for (let ahead = -behind, j = index + 1; ahead > 0 && j < queue.length; j++) {
        const later = queue[j];
        if (later.kind !== 'closed' || recorded.ownerOf(later.leadId) !== member.sdrId) continue;
        queue.splice(j--, 1);
        out.push(later);
        close(later);
        pending.set(member.sdrId, []);
        moved++;
        ahead--;
      }
      for (const closure of late) {
        unseen.push(closure);
        recorded.reopen(closure.leadId, member.sdrId, closure.at);
      }
    }
    if (unseen.length > 0) {
      const ids = new Set(unseen);
      for (let i = out.length - 1; i >= 0 && ids.size > 0; i--) {
        const s = out[i];
        if (s.kind === 'closed' && ids.has(s)) {
          out.splice(i, 1);
          ids.delete(s);
        }
      }
      moved += unseen.length;
    }
    out.push(step);
    recorded.apply(step);
    for (const closure of unseen) {
      out.push(closure);
      close(closure);
    }
  }
  return { steps: out, moved };
}
